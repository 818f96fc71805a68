"""torchrun (python3 -m torch.distributed.run), with one fix for Debian 12's
PyTorch 1.13 on Python 3.11: its launcher reads --redirects and --tee (both
"0" by default) by looking the number up among the members of an IntFlag,
and Python 3.11 no longer lists the zero and combined members, so every
launch fails with "'NoneType' object has no attribute 'get'". Newer PyTorch
does not need this: use torchrun itself there. Same arguments as torchrun.

    python3 examples/distributed/torchrun.py --nproc_per_node=2 examples/distributed/train_ddp.py ...
"""

import re

from torch.distributed.elastic.multiprocessing.api import Std
from torch.distributed.run import main


def _from_str(vm):
    # "3" or "0:1,1:2": a value for every local rank, or one per rank.
    if re.fullmatch(r"[0-3]", vm):
        return Std(int(vm))
    if re.fullmatch(r"(\d+:[0-3],)*\d+:[0-3]", vm):
        return {int(i): Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
    raise ValueError("%s is not a number 0-3 or a mapping such as 0:1,1:2" % vm)


Std.from_str = staticmethod(_from_str)

if __name__ == "__main__":
    main()
