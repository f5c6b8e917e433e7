#!/usr/bin/env python3
"""Runs a WASI command module under wasmtime (the reference engine of the differential WASI tests).

usage: run_wasmtime.py [--dir HOST::GUEST]... [--dir-ro HOST::GUEST]... [--env K=V]... [--stdin FILE]
                       MODULE [ARGS...]

The guest's stdout and stderr are this process's; its exit status is this process's exit status
(a trap exits with 134, like the wasmtime CLI).
"""
import sys

import wasmtime


def main(argv):
    dirs, env, stdin = [], [], None
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        flag, value = argv[i], argv[i + 1]
        if flag in ("--dir", "--dir-ro"):
            host, _, guest = value.partition("::")
            dirs.append((host, guest or host, flag == "--dir-ro"))
        elif flag == "--env":
            name, _, val = value.partition("=")
            env.append((name, val))
        elif flag == "--stdin":
            stdin = value
        else:
            sys.exit(f"unknown option {flag}")
        i += 2
    module_path, args = argv[i], argv[i + 1:]

    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    config = wasmtime.WasiConfig()
    config.argv = [module_path] + args
    config.env = env
    for host, guest, read_only in dirs:
        config.preopen_dir(host, guest, fs_mutable=not read_only)
    if stdin is not None:
        config.stdin_file = stdin
    config.inherit_stdout()
    config.inherit_stderr()
    store.set_wasi(config)

    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, module_path)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as exit_trap:
        sys.stdout.flush()
        return exit_trap.code
    except wasmtime.Trap as trap:
        print(trap, file=sys.stderr)
        return 134
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
