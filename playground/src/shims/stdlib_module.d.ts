// The standard library's .net files by path under stdlib/, embedded by the
// build (playground/build.ts makes this module from the folder).
declare module "dlc:stdlib" {
  const files: Readonly<Record<string, string>>;
  export default files;
}
