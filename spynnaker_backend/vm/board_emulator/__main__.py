"""``python -m spynnaker_backend.vm.board_emulator --host 127.0.0.2 [--version 5]``: a
loopback SpiNNaker board that the unmodified SpiNNMan client (and so our board device) can
boot, discover, load and run; it runs the loaded images on the virtual machine."""
import argparse
import logging
import signal
import sys
import threading

from .server import LoopbackBoard, check_host


def _tuples(text, n, what):
    """'x,y:x,y' (SpiNNMan's down_chips syntax, and the like) -> list of n-tuples."""
    if not text:
        return []
    out = []
    for item in text.split(":"):
        parts = item.split(",")
        if len(parts) != n or not all(p.strip().isdigit() for p in parts):
            raise argparse.ArgumentTypeError(f"{what}: {item!r} is not {n} numbers "
                                             f"separated by commas")
        out.append(tuple(int(p) for p in parts))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m spynnaker_backend.vm.board_emulator",
                                     description=__doc__)
    parser.add_argument("--host", required=True,
                        help="address of the board's Ethernet chip, e.g. 127.0.0.2")
    parser.add_argument("--version", type=int, choices=(3, 5), default=5)
    parser.add_argument("--width", type=int)
    parser.add_argument("--height", type=int)
    parser.add_argument("--booted", action="store_true",
                        help="answer SCP at once instead of waiting to be booted")
    parser.add_argument("--dead-chips", default="", help="x,y:x,y ...")
    parser.add_argument("--dead-cores", default="", help="x,y,p:x,y,p ...")
    parser.add_argument("--dead-links", default="", help="x,y,link:...")
    parser.add_argument("--scamp-version", default="4.0.0")
    parser.add_argument("--sdram-limit", type=int, help="bytes the heap gives per chip")
    parser.add_argument("--threads", type=int, help="host threads of the VM")
    parser.add_argument("--scp-port", type=int, default=17893)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        check_host(args.host)
        board = LoopbackBoard(
            args.host, args.version, args.width, args.height, booted=args.booted,
            dead_chips=_tuples(args.dead_chips, 2, "--dead-chips"),
            dead_cores=_tuples(args.dead_cores, 3, "--dead-cores"),
            dead_links=_tuples(args.dead_links, 3, "--dead-links"),
            scamp_version=args.scamp_version, sdram_limit=args.sdram_limit,
            scp_port=args.scp_port, n_threads=args.threads).start()
    except (ValueError, OSError, argparse.ArgumentTypeError) as e:
        parser.error(str(e))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"loopback board: {len(board.board.chips)} chips, SCP on "
          f"{', '.join(board.ips.values())}:{args.scp_port}, boot on {args.host}:54321"
          f"{'' if args.booted else ' (waiting to be booted)'}", flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    board.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
