// The network the editor opens with: a small conv net for the built-in
// data set (shapes_data.ts: 1×16×16 pictures of four shapes), small enough
// to compile and train in seconds on a software WebGPU adapter.

export const EXAMPLE = `# A small conv net for the built-in data set:
# 16×16 pictures of four shapes. Edit it: the
# table and the graph follow as you type; Train
# compiles the step to WGSL and runs it on WebGPU.

network shapes(classes = 4) {
  input image: [1, 16, 16]
  x = image |> conv(8, k=3, p=1) |> relu
            |> maxpool(k=2)
            |> conv(16, k=3, p=1) |> relu
            |> maxpool(k=2)
  output logits = x |> flatten |> dense(classes)
}

train shapes {
  loss cross_entropy(logits, label)
  optimizer adam(lr = 0.01)
  batch = 32
  seed = 1
}
`;
