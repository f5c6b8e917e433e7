#!/usr/bin/env python3
"""Generates the interpreter's opcode enum and both dispatch forms.

    python3 Scripts/generate-interpreter.py
    python3 Scripts/generate-interpreter.py --check-tail-calls BINARY   (see Docs/Dispatch.md)

writes
    Sources/WasmVM/Translation/Opcode.swift             (enum Opcode: one case per bytecode instruction)
    Sources/WasmVM/Execution/Interpreter+Threaded.swift (one tail-calling handler per instruction; the default)
    Sources/WasmVM/Execution/Interpreter+Dispatch.swift (the switch loop: debug builds, WASMVM_DISPATCH=loop)

Why a generator: the interpreter has ~330 instructions, most of them a one-line operation on slots (an i32
add, an f64 comparison, a load of some width). Writing each case by hand invites copy-paste slips in exactly
the code that must be both correct and fast; here each family is one template and one table. The control,
call and memory-management handlers are written out in full below, because they are where the performance
reasoning lives.

Encoding (see Docs/Bytecode.md): every instruction starts with a 64-bit word
    bits  0-15  opcode      bits 16-31  slot A      bits 32-47  slot B      bits 48-63  slot C
Slots are indices into the current frame (8-byte cells addressed from `sp`). B|C together hold a signed
32-bit immediate where an instruction needs one (branch offsets, global indices). Further immediates
(memory offsets, function indices, branch targets of fused compares) follow in extra words.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check_tail_calls(binary):
    """`--check-tail-calls BINARY`: verifies in an optimised x86-64 binary that every threaded handler passes
    control to the next one with an indirect *jump*. A handler that calls the next one instead (an escaping
    stack slot, a merged function body, a throwing call left inline) grows the native stack by a frame per
    executed instruction until the process crashes, so this must hold before the threaded dispatch is used.
    Exits non-zero and names the offending handlers otherwise."""
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary], check=True,
                             capture_output=True, text=True).stdout
    handlers, jumps, calls = set(), set(), set()
    name = None
    for line in listing.splitlines():
        header = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if header:
            match = re.search(r"WasmVM\d+threaded_([A-Za-z0-9]+?)\d+_", header.group(1))
            name = match.group(1) if match and not header.group(1).endswith("Tm") else None
            if name:
                handlers.add(name)
            continue
        if name and re.search(r"\sjmp\s+\*", line):
            jumps.add(name)
        if name and re.search(r"\scall\s+\*", line):
            calls.add(name)
        # A fast path hands over to its general handler with a direct tail call; as a `call` it would nest.
        if name and re.search(r"\scall\s+[0-9a-f]+ <.*threaded_", line):
            calls.add(name)
    exits = {"halt", "unreachable"}  # leave the dispatch by returning
    bad = sorted((handlers - jumps - exits) | calls)
    if not handlers:
        sys.exit(f"no threaded handlers found in {binary} (stripped, or not an x86-64 release build?)")
    if bad:
        sys.exit(f"handlers without a tail jump to the next handler: {', '.join(bad)}")
    print(f"ok: all {len(handlers)} threaded handlers end in a tail jump")


if len(sys.argv) == 3 and sys.argv[1] == "--check-tail-calls":
    check_tail_calls(sys.argv[2])
    sys.exit(0)

ops = []  # (name, doc, words, body)


SIZES = {}  # instruction length in words where it differs from `words` (ops that set pc themselves)


def op(name, doc, body, words=1, size=None):
    ops.append((name, doc, words, body))
    SIZES[name] = size if size is not None else words


A, B, C = "sp[fieldA(w)]", "sp[fieldB(w)]", "sp[fieldC(w)]"


def u32(x):
    return f"UInt32(truncatingIfNeeded: {x})"


def s32(x):
    return f"Int32(truncatingIfNeeded: {x})"


def s64(x):
    return f"Int64(bitPattern: {x})"


# The plain move comes first so that it names the group of instructions that are all `A = B`.
op("copy", "A = B (one slot)", f"{A} = {B}")

# ---------------------------------------------------------------- numeric: integer binary
i32_bin = {
    "i32Add": "x &+ y", "i32Sub": "x &- y", "i32Mul": "x &* y",
    "i32And": "x & y", "i32Or": "x | y", "i32Xor": "x ^ y",
    "i32Shl": "x &<< (y & 31)", "i32ShrU": "x &>> (y & 31)",
    "i32ShrS": "UInt32(bitPattern: Int32(bitPattern: x) &>> Int32(bitPattern: y & 31))",
    "i32Rotl": "(x &<< (y & 31)) | (x &>> ((32 &- y) & 31))",
    "i32Rotr": "(x &>> (y & 31)) | (x &<< ((32 &- y) & 31))",
}
for name, expr in i32_bin.items():
    op(name, f"A = B {name[3:].lower()} C (i32)",
       f"let x = {u32(B)}, y = {u32(C)}\n{A} = UInt64({expr})")

i64_bin = {
    "i64Add": "x &+ y", "i64Sub": "x &- y", "i64Mul": "x &* y",
    "i64And": "x & y", "i64Or": "x | y", "i64Xor": "x ^ y",
    "i64Shl": "x &<< (y & 63)", "i64ShrU": "x &>> (y & 63)",
    "i64ShrS": "UInt64(bitPattern: Int64(bitPattern: x) &>> Int64(bitPattern: y & 63))",
    "i64Rotl": "(x &<< (y & 63)) | (x &>> ((64 &- y) & 63))",
    "i64Rotr": "(x &>> (y & 63)) | (x &<< ((64 &- y) & 63))",
}
for name, expr in i64_bin.items():
    op(name, f"A = B {name[3:].lower()} C (i64)", f"let x = {B}, y = {C}\n{A} = {expr}")

# comparisons
cmp = {"Eq": ("==", False), "Ne": ("!=", False), "LtS": ("<", True), "LtU": ("<", False),
       "GtS": (">", True), "GtU": (">", False), "LeS": ("<=", True), "LeU": ("<=", False),
       "GeS": (">=", True), "GeU": (">=", False)}
for suffix, (sym, signed) in cmp.items():
    for width, conv_u, conv_s in (("i32", u32, s32), ("i64", lambda x: x, s64)):
        conv = conv_s if signed else conv_u
        op(f"{width}{suffix}", f"A = B {sym} C ({width}{', signed' if signed else ''})",
           f"{A} = {conv(B)} {sym} {conv(C)} ? 1 : 0")

# division and remainder trap
op("i32DivS", "A = B / C (i32, signed; traps on zero and overflow)", f"""let x = Int32(truncatingIfNeeded: {B}), y = Int32(truncatingIfNeeded: {C})
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
if x == .min && y == -1 {{ trap = .integerOverflow; break dispatch }}
{A} = UInt64(UInt32(bitPattern: x / y))""")
op("i32DivU", "A = B / C (i32, unsigned; traps on zero)", f"""let x = {u32(B)}, y = {u32(C)}
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = UInt64(x / y)""")
op("i32RemS", "A = B % C (i32, signed; traps on zero)", f"""let x = Int32(truncatingIfNeeded: {B}), y = Int32(truncatingIfNeeded: {C})
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = y == -1 ? 0 : UInt64(UInt32(bitPattern: x % y))""")
op("i32RemU", "A = B % C (i32, unsigned; traps on zero)", f"""let x = {u32(B)}, y = {u32(C)}
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = UInt64(x % y)""")
op("i64DivS", "A = B / C (i64, signed; traps on zero and overflow)", f"""let x = Int64(bitPattern: {B}), y = Int64(bitPattern: {C})
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
if x == .min && y == -1 {{ trap = .integerOverflow; break dispatch }}
{A} = UInt64(bitPattern: x / y)""")
op("i64DivU", "A = B / C (i64, unsigned; traps on zero)", f"""let x = {B}, y = {C}
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = x / y""")
op("i64RemS", "A = B % C (i64, signed; traps on zero)", f"""let x = Int64(bitPattern: {B}), y = Int64(bitPattern: {C})
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = y == -1 ? 0 : UInt64(bitPattern: x % y)""")
op("i64RemU", "A = B % C (i64, unsigned; traps on zero)", f"""let x = {B}, y = {C}
if y == 0 {{ trap = .integerDivideByZero; break dispatch }}
{A} = x % y""")

# integer unary
op("i32Eqz", "A = B == 0 (i32)", f"{A} = {u32(B)} == 0 ? 1 : 0")
op("i64Eqz", "A = B == 0 (i64)", f"{A} = {B} == 0 ? 1 : 0")
for w_, conv in (("i32", u32), ("i64", lambda x: x)):
    op(f"{w_}Clz", "count leading zeros", f"{A} = UInt64({conv(B)}.leadingZeroBitCount)")
    op(f"{w_}Ctz", "count trailing zeros", f"{A} = UInt64({conv(B)}.trailingZeroBitCount)")
    op(f"{w_}Popcnt", "population count", f"{A} = UInt64({conv(B)}.nonzeroBitCount)")
op("i32Extend8S", "sign-extend the low byte (i32)", f"{A} = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: {B}))))")
op("i32Extend16S", "sign-extend the low half (i32)", f"{A} = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: {B}))))")
op("i64Extend8S", "sign-extend the low byte (i64)", f"{A} = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: {B})))")
op("i64Extend16S", "sign-extend the low half (i64)", f"{A} = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: {B})))")
op("i64Extend32S", "sign-extend the low word (i64)", f"{A} = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: {B})))")
op("i32WrapI64", "wrap to 32 bits", f"{A} = UInt64({u32(B)})")
op("i64ExtendI32S", "sign-extend i32 to i64", f"{A} = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: {B})))")
op("i64ExtendI32U", "zero-extend i32 to i64", f"{A} = UInt64({u32(B)})")

# ---------------------------------------------------------------- numeric: floating point
for fw, bits, ft in (("f32", "UInt32", "Float"), ("f64", "UInt64", "Double")):
    rd = (lambda x: u32(x)) if fw == "f32" else (lambda x: x)
    for o in ("Add", "Sub", "Mul", "Div", "Min", "Max", "Copysign"):
        op(f"{fw}{o}", f"A = {fw}.{o.lower()}(B, C)", f"{A} = UInt64(WasmFloat.{fw}{o}({rd(B)}, {rd(C)}))")
    for o in ("Abs", "Neg", "Ceil", "Floor", "Trunc", "Nearest", "Sqrt"):
        op(f"{fw}{o}", f"A = {fw}.{o.lower()}(B)", f"{A} = UInt64(WasmFloat.{fw}{o}({rd(B)}))")
    for o, sym in (("Eq", "=="), ("Ne", "!="), ("Lt", "<"), ("Gt", ">"), ("Le", "<="), ("Ge", ">=")):
        op(f"{fw}{o}", f"A = B {sym} C ({fw})",
           f"{A} = {ft}(bitPattern: {rd(B)}) {sym} {ft}(bitPattern: {rd(C)}) ? 1 : 0")

for name, src in (("i32TruncF32S", "f32"), ("i32TruncF32U", "f32"), ("i32TruncF64S", "f64"), ("i32TruncF64U", "f64"),
                  ("i64TruncF32S", "f32"), ("i64TruncF32U", "f32"), ("i64TruncF64S", "f64"), ("i64TruncF64U", "f64")):
    arg = u32(B) if src == "f32" else B
    op(name, "trapping float-to-integer truncation", f"""do throws(ConversionTrap) {{
    {A} = UInt64(try WasmConversion.{name}({arg}))
}} catch {{
    trap = error == .overflow ? .integerOverflow : .invalidConversionToInteger
    break dispatch
}}""")
for name, src in (("i32TruncSatF32S", "f32"), ("i32TruncSatF32U", "f32"), ("i32TruncSatF64S", "f64"),
                  ("i32TruncSatF64U", "f64"), ("i64TruncSatF32S", "f32"), ("i64TruncSatF32U", "f32"),
                  ("i64TruncSatF64S", "f64"), ("i64TruncSatF64U", "f64"),
                  ("f32ConvertI32S", "i32"), ("f32ConvertI32U", "i32"), ("f32ConvertI64S", "i64"),
                  ("f32ConvertI64U", "i64"), ("f64ConvertI32S", "i32"), ("f64ConvertI32U", "i32"),
                  ("f64ConvertI64S", "i64"), ("f64ConvertI64U", "i64"), ("f32DemoteF64", "f64"),
                  ("f64PromoteF32", "f32")):
    arg = u32(B) if src in ("f32", "i32") else B
    op(name, "conversion", f"{A} = UInt64(WasmConversion.{name}({arg}))")
for name in ("i32ReinterpretF32", "i64ReinterpretF64", "f32ReinterpretI32", "f64ReinterpretI64"):
    op(name, "reinterpretation: the bits are already right", f"{A} = {B}")

NUMERIC = [o[0] for o in ops if o[0] != "copy"]  # every numeric opcode has a same-named bytecode instruction

# ---------------------------------------------------------------- moves and constants
op("copy128", "A = B (two slots: a v128)", "let w0 = sp[fieldB(w)], w1 = sp[fieldB(w) + 1]\nsp[fieldA(w)] = w0\nsp[fieldA(w) + 1] = w1")
op("select", "A = (slot in word 1) != 0 ? B : C", f"{A} = {u32('sp[Int(truncatingIfNeeded: pc[1])]')} != 0 ? {B} : {C}", words=2)
op("select128", "A = cond != 0 ? B : C (v128)", """let source = UInt32(truncatingIfNeeded: sp[Int(truncatingIfNeeded: pc[1])]) != 0 ? fieldB(w) : fieldC(w)
let w0 = sp[source], w1 = sp[source + 1]
sp[fieldA(w)] = w0
sp[fieldA(w) + 1] = w1""", words=2)
op("globalGet", "A = global[B|C]", f"{A} = globals[Int(immediate32(w))].pointee")
op("globalSet", "global[B|C] = A", f"globals[Int(immediate32(w))].pointee = {A}")
op("globalGet128", "A = global[B|C] (v128)", "let cell = globals[Int(immediate32(w))]\nsp[fieldA(w)] = cell[0]\nsp[fieldA(w) + 1] = cell[1]")
op("globalSet128", "global[B|C] = A (v128)", "let cell = globals[Int(immediate32(w))]\ncell[0] = sp[fieldA(w)]\ncell[1] = sp[fieldA(w) + 1]")

# ---------------------------------------------------------------- memory
loads = [("i32Load", 4, "UInt32", "UInt64(v)"), ("i64Load", 8, "UInt64", "v"),
         ("i32Load8S", 1, "Int8", "UInt64(UInt32(bitPattern: Int32(v)))"), ("i32Load8U", 1, "UInt8", "UInt64(v)"),
         ("i32Load16S", 2, "Int16", "UInt64(UInt32(bitPattern: Int32(v)))"), ("i32Load16U", 2, "UInt16", "UInt64(v)"),
         ("i64Load8S", 1, "Int8", "UInt64(bitPattern: Int64(v))"), ("i64Load8U", 1, "UInt8", "UInt64(v)"),
         ("i64Load16S", 2, "Int16", "UInt64(bitPattern: Int64(v))"), ("i64Load16U", 2, "UInt16", "UInt64(v)"),
         ("i64Load32S", 4, "Int32", "UInt64(bitPattern: Int64(v))"), ("i64Load32U", 4, "UInt32", "UInt64(v)")]


def load_body(address, size, ty, res):
    """A load handler's body for every addressing form: compute `address`, check it, load, extend into A."""
    le = f"{ty}(littleEndian: " if size > 1 else f"{ty}("
    return f"""let address = {address}
guard address &+ {size} <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let v = {le}guestCell(memory, address, {ty}.self).pointee)
{A} = {res}"""


def store_body(address, size, ty, value):
    """A store handler's body for every addressing form: compute `address`, check it, store `value`."""
    le = ".littleEndian" if size > 1 else ""
    return f"""let address = {address}
guard address &+ {size} <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
guestCell(memory, address, {ty}.self).pointee = {ty}(truncatingIfNeeded: {value}){le}"""


for name, size, ty, res in loads:
    op(name, f"A = load {size} bytes at B + offset (word 1)", load_body(f"UInt64({u32(B)}) &+ pc[1]", size, ty, res), words=2)
stores = [("i32Store", 4, "UInt32"), ("i64Store", 8, "UInt64"), ("i32Store8", 1, "UInt8"),
          ("i32Store16", 2, "UInt16"), ("i64Store32", 4, "UInt32")]
for name, size, ty in stores:
    op(name, f"store the low {size} bytes of B at A + offset (word 1)", store_body(f"UInt64({u32(A)}) &+ pc[1]", size, ty, B), words=2)
# Indexed forms: `i32.add base, index` feeding the address is folded into the access (the add's 32-bit
# wrap-around is kept: the sum is truncated to 32 bits before the offset is added, as the two separate
# instructions would). C code indexes arrays this way constantly; it saves a dispatch per access.
for name, size, ty, res in loads:
    op(name + "Indexed", f"A = load {size} bytes at (B + C) mod 2^32 + offset (word 1)",
       load_body(f"UInt64({u32(B)} &+ {u32(C)}) &+ pc[1]", size, ty, res), words=2)
for name, size, ty in stores:
    op(name + "Indexed", f"store the low {size} bytes of C at (A + B) mod 2^32 + offset (word 1)",
       store_body(f"UInt64({u32(A)} &+ {u32(B)}) &+ pc[1]", size, ty, C), words=2)
# Scaled indexed forms: `base + (index << k)` feeding the address, with k a constant (array indexing:
# `a[i]` for 4- and 8-byte elements). The shift count sits in the high half of word 1, the offset in the low
# half (wasm32 offsets fit in 32 bits). The whole address sum is done in 32-bit arithmetic, exactly as the
# separate `i32.shl` and `i32.add` would wrap. Only the widths the benchmarks and C code in general index by
# get a scaled form: every opcode costs a handler and a case in the switch loop.
SCALED = {"i32Load", "i64Load", "i32Load8U", "i64Load32S", "i32Store", "i64Store", "i32Store8"}
SCALED_ADDRESS = "UInt64({b} &+ ({c} &<< UInt32(truncatingIfNeeded: pc[1] &>> 32))) &+ (pc[1] & 0xFFFF_FFFF)"
for name, size, ty, res in loads:
    if name not in SCALED:
        continue
    op(name + "Scaled", f"A = load {size} bytes at (B + C << (high word 1)) mod 2^32 + offset (low word 1)",
       load_body(SCALED_ADDRESS.format(b=u32(B), c=u32(C)), size, ty, res), words=2)
# Scaled loads from a base that is itself `x + K` (K a constant; `i32.add x, K` emitted right before): a
# local array of a C function lives at a constant offset from its stack pointer (`stack[sp]`, `code[pc]` in
# `interp`'s bytecode interpreter), and every access computes `sp_local + K` first. K cannot become part of
# the offset (the Wasm add wraps at 2^32, the offset does not), so it travels in word 2 and is added in the
# same 32-bit sum as the base and the scaled index.
SCALED_DISPLACED = {"i32Load", "i64Load", "i64Load32S"}
DISPLACED_ADDRESS = "UInt64({b} &+ UInt32(truncatingIfNeeded: pc[2]) &+ ({c} &<< UInt32(truncatingIfNeeded: pc[1] &>> 32))) &+ (pc[1] & 0xFFFF_FFFF)"
for name, size, ty, res in loads:
    if name not in SCALED_DISPLACED:
        continue
    op(name + "ScaledDisp", f"A = load {size} bytes at (B + word 2 + C << (high word 1)) mod 2^32 + offset (low word 1)",
       load_body(DISPLACED_ADDRESS.format(b=u32(B), c=u32(C)), size, ty, res), words=3)
for name, size, ty in stores:
    if name not in SCALED:
        continue
    op(name + "Scaled", f"store the low {size} bytes of C at (A + B << (high word 1)) mod 2^32 + offset (low word 1)",
       store_body(SCALED_ADDRESS.format(b=u32(A), c=u32(B)), size, ty, C), words=2)
# Arithmetic stored right away: `mem[A + offset] = B op C`, the `a[i] = x op y` (and `c[j] += a * b[j]`) of
# numeric loops. The translator fuses the operation into the store only when its result went to an
# operand-stack slot that the store consumed, so nothing else reads it and it is not written. The operation
# cannot trap, so the only trap left is the store's, as in the unfused pair. A handful of pairs only: every
# opcode costs a handler.
FUSED_STORES = [("f64AddStore", "UInt64(WasmFloat.f64Add({b}, {c}))", 8, "UInt64"),
                ("f64SubStore", "UInt64(WasmFloat.f64Sub({b}, {c}))", 8, "UInt64"),
                ("f64MulStore", "UInt64(WasmFloat.f64Mul({b}, {c}))", 8, "UInt64"),
                ("i32AddStore", "UInt32(truncatingIfNeeded: {b}) &+ UInt32(truncatingIfNeeded: {c})", 4, "UInt32")]
for name, expression, size, ty in FUSED_STORES:
    op(name, f"store {name[:6]}(B, C) ({size} bytes) at A + offset (word 1)", f"""let address = UInt64({u32(A)}) &+ pc[1]
guard address &+ {size} <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
guestCell(memory, address, {ty}.self).pointee = ({expression.format(b=B, c=C)}).littleEndian""", words=2)
# A multiplication by a value loaded right before it: `x * b[j]`. Fused only when the load's result went to an
# operand-stack slot that is the multiplication's *second* operand (the order of the operands decides which
# NaN payload x86 propagates, so it is kept). The load's trap comes first, as in the pair.
op("f64MulLoad", "A = f64.mul(B, load 8 bytes at C + offset (word 1))", f"""let address = UInt64({u32(C)}) &+ pc[1]
guard address &+ 8 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
{A} = UInt64(WasmFloat.f64Mul({B}, UInt64(littleEndian: guestCell(memory, address, UInt64.self).pointee)))""", words=2)
# More loads folded into their one consumer (second November 2026 session), found in the benchmarks' inner
# loops: `s += a[i]` and `x + w[i]` (SHA-256's schedule and rounds add a loaded word), `x * b[j + 1]` (an
# indexed multiply-load: the second half of an unrolled dot product), and `c[j] += v`, where the load, the
# addition and the store to the same address become one read-modify-write. Same conditions as
# `f64MulLoad`: the loaded value went to an operand-stack slot that only the consumer read; a float
# operation keeps the loaded value as its second operand (NaN propagation follows operand order). The
# integer addition is commutative, so it takes the loaded value from either side.
INDEXED_ADDRESS = "UInt64({b} &+ {c}) &+ (pc[1] & 0xFFFF_FFFF)"
op("f64AddLoad", "A = f64.add(B, load 8 bytes at C + offset (word 1))", f"""let address = UInt64({u32(C)}) &+ pc[1]
guard address &+ 8 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
{A} = UInt64(WasmFloat.f64Add({B}, UInt64(littleEndian: guestCell(memory, address, UInt64.self).pointee)))""", words=2)
op("f64MulLoadIndexed", "A = f64.mul(B, load 8 bytes at (C + slot in high word 1) mod 2^32 + offset (low word 1))", f"""let address = {INDEXED_ADDRESS.format(b=u32(C), c=u32("sp[Int(truncatingIfNeeded: pc[1] >> 32)]"))}
guard address &+ 8 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
{A} = UInt64(WasmFloat.f64Mul({B}, UInt64(littleEndian: guestCell(memory, address, UInt64.self).pointee)))""", words=2)
op("i32AddLoad", "A = B + load 4 bytes at C + offset (word 1) (i32)", f"""let address = UInt64({u32(C)}) &+ pc[1]
guard address &+ 4 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
{A} = UInt64({u32(B)} &+ UInt32(littleEndian: guestCell(memory, address, UInt32.self).pointee))""", words=2)
op("i32AddLoadIndexed", "A = B + load 4 bytes at (C + slot in high word 1) mod 2^32 + offset (low word 1) (i32)", f"""let address = {INDEXED_ADDRESS.format(b=u32(C), c=u32("sp[Int(truncatingIfNeeded: pc[1] >> 32)]"))}
guard address &+ 4 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
{A} = UInt64({u32(B)} &+ UInt32(littleEndian: guestCell(memory, address, UInt32.self).pointee))""", words=2)
op("f64AddLoadStore", "store f64.add(B, load 8 bytes at A + offset) at A + offset (word 1)", f"""let address = UInt64({u32(A)}) &+ pc[1]
guard address &+ 8 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let cell = guestCell(memory, address, UInt64.self)
cell.pointee = UInt64(WasmFloat.f64Add({B}, UInt64(littleEndian: cell.pointee))).littleEndian""", words=2)
op("memorySize", "A = memory size in pages", f"{A} = memorySize / 65536")
op("memoryGrow", "A = memory.grow(B)", f"""{A} = UInt64(UInt32(bitPattern: Int32(Interpreter.growMemory(context.pointee.memory.unsafelyUnwrapped, by: {u32(B)}, store: store))))
memorySize = UInt64(context.pointee.memory.unsafelyUnwrapped.pointee.byteCount)""")
op("memoryCopy", "memory.copy(dst: A, src: B, count: C)", f"""do throws(Trap) {{
    try BulkOperations.memoryCopy(context.pointee.memory.unsafelyUnwrapped, context.pointee.memory.unsafelyUnwrapped, destination: UInt64({u32(A)}), source: UInt64({u32(B)}), count: UInt64({u32(C)}))
}} catch {{ trap = .outOfBoundsMemoryAccess; break dispatch }}""")
op("memoryFill", "memory.fill(dst: A, value: B, count: C)", f"""do throws(Trap) {{
    try BulkOperations.memoryFill(context.pointee.memory.unsafelyUnwrapped, destination: UInt64({u32(A)}), value: UInt8(truncatingIfNeeded: {B}), count: UInt64({u32(C)}))
}} catch {{ trap = .outOfBoundsMemoryAccess; break dispatch }}""")
op("memoryInit", "memory.init(segment: word 1, dst: A, src: B, count: C)", f"""guard Interpreter.memoryInit(context, segment: Int(pc[1]), destination: UInt64({u32(A)}), source: UInt64({u32(B)}), count: UInt64({u32(C)})) else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}""", words=2)
op("dataDrop", "data.drop(word 1)", "Interpreter.dataDrop(context, segment: Int(pc[1]))", words=2)

# ---------------------------------------------------------------- tables and references
op("tableGet", "A = table[word 1][B]", f"""let table = context.pointee.tables[Int(pc[1])]
let index = Int({u32(B)})
guard index < table.pointee.count else {{ trap = .outOfBoundsTableAccess; break dispatch }}
{A} = table.pointee.elements[index]""", words=2)
op("tableSet", "table[word 1][A] = B", f"""let table = context.pointee.tables[Int(pc[1])]
let index = Int({u32(A)})
guard index < table.pointee.count else {{ trap = .outOfBoundsTableAccess; break dispatch }}
table.pointee.elements[index] = {B}""", words=2)
op("tableSize", "A = size of table[word 1]", f"{A} = UInt64(context.pointee.tables[Int(pc[1])].pointee.count)", words=2)
op("tableGrow", "A = table.grow(table: word 1, init: B, delta: C)", f"""let grown = Interpreter.growTable(context.pointee.tables[Int(pc[1])], by: {u32(C)}, value: {B})
{A} = UInt64(UInt32(bitPattern: Int32(grown)))""", words=2)
op("tableFill", "table.fill(table: word 1, start: A, value: B, count: C)", f"""do throws(Trap) {{
    try BulkOperations.tableFill(context.pointee.tables[Int(pc[1])], destination: UInt64({u32(A)}), value: {B}, count: UInt64({u32(C)}))
}} catch {{ trap = .outOfBoundsTableAccess; break dispatch }}""", words=2)
op("tableCopy", "table.copy(dst table: low word 1, src table: high word 1, A, B, C)", f"""let tables = context.pointee.tables
do throws(Trap) {{
    try BulkOperations.tableCopy(tables[Int(pc[1] & 0xFFFF_FFFF)], tables[Int(pc[1] >> 32)], destination: UInt64({u32(A)}), source: UInt64({u32(B)}), count: UInt64({u32(C)}))
}} catch {{ trap = .outOfBoundsTableAccess; break dispatch }}""", words=2)
op("tableInit", "table.init(segment: low word 1, table: high word 1, A, B, C)", f"""guard Interpreter.tableInit(context, table: Int(pc[1] >> 32), segment: Int(pc[1] & 0xFFFF_FFFF), destination: UInt64({u32(A)}), source: UInt64({u32(B)}), count: UInt64({u32(C)})) else {{ trap = .outOfBoundsTableAccess; break dispatch }}""", words=2)
# The segment index is read as 32 bits here and as 64 in `dataDrop` only so that the two handlers differ in
# shape: otherwise Swift's function merging folds them into one body that takes the callee as a stack
# argument, and the threaded handler no longer ends in a tail call.
op("elemDrop", "elem.drop(word 1)", "Interpreter.elemDrop(context, segment: Int(UInt32(truncatingIfNeeded: pc[1])))", words=2)
op("refFunc", "A = reference to function word 1", f"{A} = ReferenceEncoding.funcRef(context.pointee.functions[Int(pc[1])])", words=2)
op("refIsNull", "A = B == null", f"{A} = {B} == 0 ? 1 : 0")

# ---------------------------------------------------------------- SIMD (off the benchmarks' hot path: generic)
V = "V128(low: sp[fieldB(w)], high: sp[fieldB(w) + 1])"
VC = "V128(low: sp[fieldC(w)], high: sp[fieldC(w) + 1])"
put = "\nsp[fieldA(w)] = r.low\nsp[fieldA(w) + 1] = r.high"
simdop = "SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[1]))!"
op("simdUnary", "A = unary(op: word 1, B)", f"let r = SIMDSemantics.unary({simdop}, {V}){put}", words=2)
op("simdBinary", "A = binary(op: word 1, B, C)", f"let r = SIMDSemantics.binary({simdop}, {V}, {VC}){put}", words=2)
op("simdBitselect", "A = bitselect(B, C, mask: slot word 1)", f"""let m = Int(truncatingIfNeeded: pc[1])
let r = SIMDSemantics.bitselect({V}, {VC}, V128(low: sp[m], high: sp[m + 1])){put}""", words=2)
op("simdShift", "A = shift(op: word 1, B, count: C)", f"let r = SIMDSemantics.shift({simdop}, {V}, {u32(C)}){put}", words=2)
op("simdTest", "A = test(op: word 1, B) (i32)", f"{A} = UInt64(SIMDSemantics.test({simdop}, {V}))", words=2)
op("simdSplat", "A = splat(op: word 1, B)", f"let r = SIMDSemantics.splat({simdop}, {B}){put}", words=2)
op("simdExtractLane", "A = extract(op: low word 1, lane: high word 1, B)",
   f"{A} = SIMDSemantics.extractLane(SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[1]))!, {V}, Int(pc[1] >> 32))", words=2)
op("simdReplaceLane", "A = replace(op: low word 1, lane: high word 1, B, scalar C)",
   f"let r = SIMDSemantics.replaceLane(SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[1]))!, {V}, Int(pc[1] >> 32), {C}){put}", words=2)
op("simdShuffle", "A = shuffle(B, C, lanes: words 1-2)", f"let r = SIMDSemantics.shuffle({V}, {VC}, lanes: V128(low: pc[1], high: pc[2])){put}", words=3)
op("simdLoad", "A = v128 load (op: word 2) at B + offset (word 1)", f"""let address = UInt64({u32(B)}) &+ pc[1]
let operation = SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[2]))!
let size = SIMDSemantics.accessSize(operation)
guard address &+ UInt64(size) <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let r = Interpreter.simdLoad(operation, memory + Int(truncatingIfNeeded: address), size: size){put}""", words=3)
op("simdLoadLane", "A = load lane (op: low word 2, lane: high word 2) at B + offset (word 1) into C", f"""let address = UInt64({u32(B)}) &+ pc[1]
let operation = SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[2]))!
let size = SIMDSemantics.accessSize(operation)
guard address &+ UInt64(size) <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let bits = Interpreter.loadBits(memory + Int(truncatingIfNeeded: address), size: size)
let r = SIMDSemantics.replaceLane(operation, {VC}, Int(pc[2] >> 32), bits){put}""", words=3)
op("simdStore", "store v128 B at A + offset (word 1)", f"""let address = UInt64({u32(A)}) &+ pc[1]
guard address &+ 16 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
guestCell(memory, address, UInt64.self).pointee = sp[fieldB(w)].littleEndian
guestCell(memory, address &+ 8, UInt64.self).pointee = sp[fieldB(w) + 1].littleEndian""", words=2)
op("simdStoreLane", "store lane (op: low word 2, lane: high word 2) of B at A + offset (word 1)", f"""let address = UInt64({u32(A)}) &+ pc[1]
let operation = SIMDOpcode(rawValue: UInt32(truncatingIfNeeded: pc[2]))!
let size = SIMDSemantics.accessSize(operation)
guard address &+ UInt64(size) <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let bits = SIMDSemantics.extractLane(operation, {V}, Int(pc[2] >> 32))
Interpreter.storeBits(bits, memory + Int(truncatingIfNeeded: address), size: size)""", words=3)

# ---------------------------------------------------------------- control
# Every taken branch spends one unit of the budget, so a loop cannot run forever without the store's fuel
# and deadline being checked. It is one decrement and a well-predicted compare. What happens when the budget
# runs out depends on the dispatch form, so `REFILL` is a placeholder each emitter expands: the switch loop
# refills inline (`loop_body`); a threaded handler tail-calls `threaded_refill` (see `threaded_handler`).
SPEND = """budget &-= 1
if budget <= 0 { REFILL }"""
LOOP_REFILL = """if budget <= 0 {
    budget = Interpreter.refill(store: store)
    if budget < 0 { trap = Interpreter.stopReason(budget); budget = 0; break dispatch }
}"""


def loop_body(body):
    """An instruction's body for the switch loop: the refill placeholder becomes the inline refill, at the
    indentation where it stands."""
    return re.sub(r"^( *)if budget <= 0 \{ REFILL \}$",
                  lambda m: "\n".join(m.group(1) + line for line in LOOP_REFILL.split("\n")), body, flags=re.M)


def branch_if(condition, offset):
    """A conditional branch's body: when `condition` holds, jump by `offset` words (counted from this
    instruction) and spend one unit of the budget; otherwise fall through to the next instruction."""
    return f"""if {condition} {{
    pc += {offset}
    {SPEND.replace(chr(10), chr(10) + '    ')}
    continue dispatch
}}"""


IMMEDIATE_OFFSET = "Int(immediate32(w))"  # the offset in B|C


def word_offset(word):
    """The offset in extra word `word` of the instruction."""
    return f"Int(Int64(bitPattern: pc[{word}]))"


op("br", "jump by the signed offset in B|C (words, from this instruction)", f"pc += Int(immediate32(w))\n{SPEND}\ncontinue dispatch", words=0, size=1)
op("brIfNez", "jump by B|C if A (i32) != 0", branch_if(f"{u32(A)} != 0", IMMEDIATE_OFFSET))
op("brIfEqz", "jump by B|C if A (i32) == 0", branch_if(f"{u32(A)} == 0", IMMEDIATE_OFFSET))
op("brIfNez64", "jump by B|C if A (i64) != 0", branch_if(f"{A} != 0", IMMEDIATE_OFFSET))
op("brIfEqz64", "jump by B|C if A (i64) == 0", branch_if(f"{A} == 0", IMMEDIATE_OFFSET))
# fused compare-and-branch: `cmp; br_if` in one dispatch, offset in word 1
FUSED = []
for suffix, (sym, signed) in cmp.items():
    for width, conv_u, conv_s in (("I32", u32, s32), ("I64", lambda x: x, s64)):
        conv = conv_s if signed else conv_u
        name = f"brIf{width}{suffix}"
        FUSED.append((f"{width.lower()}{suffix}", name))
        op(name, f"jump by word 1 if B {sym} C ({width.lower()})", branch_if(f"{conv(B)} {sym} {conv(C)}", word_offset(1)), words=2)
op("brTable", "jump through the table of B|C+1 offsets (words 1...) by index A (clamped to the last)", f"""let count = Int(immediate32(w))
let index = Int({u32(A)})
pc += Int(Int64(bitPattern: pc[1 + (index < count ? index : count)]))
{SPEND}
continue dispatch""", words=0, size=-1)
op("unreachable", "trap", "trap = .unreachable\nbreak dispatch", words=0, size=1)
op("nop", "nothing (a placeholder the translator may leave behind)", "")

CALL_TAIL = """guard UInt(bitPattern: fp) < UInt(bitPattern: stack.framesEnd) else { trap = .callStackExhausted; break dispatch }
if let compiled = callee.pointee.code, let code = compiled.pointee.code {
    let calleeSp = sp + frameOffset
    // Pointer comparisons are done on integers: the generic `<=` on pointers is not inlined into a
    // function this large, and a call per Wasm call is measurable.
    guard UInt(bitPattern: calleeSp + compiled.pointee.frameSize) <= UInt(bitPattern: stack.valuesEnd) else { trap = .callStackExhausted; break dispatch }
    fp.pointee = CallFrame(returnPC: pc + nextInstruction, sp: sp, context: context, callee: callee)
    fp += 1
    // Locals start at zero and the constant pool follows them: both come from the function's frame template
    // in one copy. Typical templates are a handful of words, so small ones are copied inline; a libc
    // memset + memmove per call cost ~10 % of a call-heavy benchmark.
    Interpreter.copyTemplate(compiled.pointee.frameTemplate, to: calleeSp + compiled.pointee.parameterSlots,
                             count: compiled.pointee.frameTemplateCount)
    sp = calleeSp
    pc = code
    if callee.pointee.context != context {
        context = callee.pointee.context!
        globals = context.pointee.globals
        memory = context.pointee.memory.unsafelyUnwrapped.pointee.base
        memorySize = UInt64(context.pointee.memory.unsafelyUnwrapped.pointee.byteCount)
    }
    """ + SPEND + """
    continue dispatch
}
// Slow path: a host function, or a Wasm function not translated yet.
guard let slow = Interpreter.slowCall(callee, sp: sp + frameOffset, caller: context, fp: fp, store: store,
                                      error: &hostError) else {
    trap = .host
    break dispatch
}
if slow == .retry { continue dispatch }
memorySize = UInt64(context.pointee.memory.unsafelyUnwrapped.pointee.byteCount)
pc += nextInstruction
continue dispatch"""
op("call", "call function word 1 with its frame at slot A", "let callee = context.pointee.functions[Int(truncatingIfNeeded: pc[1])]\nlet frameOffset = fieldA(w)\nlet nextInstruction = 2\n" + CALL_TAIL, words=0, size=2)
# A call to one of the module's own functions (never an import): its callee runs in the caller's instance,
# and its translation slot (`CompiledFunction`, shared by every instance of the module and as long-lived as
# the code that refers to it) is known when the caller is translated. Word 1 holds the slot's address, so
# the threaded fast path reaches the callee's code in one load from the instruction instead of walking
# context -> function table -> entry -> slot; the function index (for the call frame and the general path)
# is in B|C.
op("callDirect", "call this module's own function B|C (translation slot address: word 1) with its frame at slot A",
   "let callee = context.pointee.functions[Int(UInt32(truncatingIfNeeded: w >> 32))]\nlet frameOffset = fieldA(w)\nlet nextInstruction = 2\n" + CALL_TAIL, words=0, size=2)
op("callIndirect", "call table[high word 1][B] (type id: low word 1) with its frame at slot A", f"""let table = context.pointee.tables[Int(pc[1] >> 32)]
let index = Int({u32(B)})
guard index < table.pointee.count else {{ trap = .undefinedElement; break dispatch }}
guard let callee = ReferenceEncoding.functionEntry(table.pointee.elements[index]) else {{ trap = .uninitializedElement; break dispatch }}
guard callee.pointee.typeID == Int(truncatingIfNeeded: pc[1] & 0xFFFF_FFFF) else {{ trap = .indirectCallTypeMismatch; break dispatch }}
let frameOffset = fieldA(w)
let nextInstruction = 2
""" + CALL_TAIL, words=0, size=2)
RETURN = """fp -= 1
let frame = fp.pointee
pc = frame.returnPC
sp = frame.sp
// Only a return into another instance needs its memory reloaded: within one instance `memorySize` is
// already current (memory.grow updates it, and a host call reloads it after returning), and the base
// never moves (the memory is reserved up front). Reloading it on every return cost two dependent loads
// per call in call-heavy code.
if frame.context != context {
    context = frame.context
    globals = context.pointee.globals
    memory = context.pointee.memory.unsafelyUnwrapped.pointee.base
    memorySize = UInt64(context.pointee.memory.unsafelyUnwrapped.pointee.byteCount)
}
continue dispatch"""
op("returnValues", "return to the caller (results are already in slots 0...)", RETURN, words=0, size=1)
op("returnOne", "slot 0 = A, then return", "sp[0] = sp[fieldA(w)]\n" + RETURN, words=0, size=1)
# `return a + b` in one dispatch: an `i32.add` into an operand-stack slot that only the return reads. Half
# of `fib`'s calls are its base case, `return n` after a compare, and every other call ends in `return x + y`.
op("i32AddReturn", "slot 0 = B + C (i32), then return", f"let sum = {u32(B)} &+ {u32(C)}\nsp[0] = UInt64(sum)\n" + RETURN, words=0, size=1)
op("halt", "leave the interpreter: the host's call has returned", "break dispatch", words=0, size=1)

# ---------------------------------------------------------------- superinstructions (see Docs/Bytecode.md)
# Two consecutive moves in one dispatch. Wasm code shuffles locals a lot (`local.get a; local.set b`, block
# results, call arguments): SHA-256's round is 42 instructions of which 14 are copies, mostly in runs. The
# moves happen in order, exactly as the two `copy` instructions would.
op("copy2", "A = B, then C = (slot in word 1)", f"{A} = {B}\n{C} = sp[Int(truncatingIfNeeded: pc[1])]", words=2)

# Two additions in a row in one dispatch: the `p++; q++` of `strcmp`, `memcpy` and every loop walking two
# pointers, and address computations side by side. Word 1 holds the second addition's slots (A2, B2, C2 in
# bits 0-15, 16-31, 32-47). The additions happen in order, exactly as the two instructions would, so the
# second may read what the first wrote.
op("i32Add2", "A = B + C, then A2 = B2 + C2 (slots in word 1: A2 | B2 << 16 | C2 << 32) (i32)", f"""{A} = UInt64({u32(B)} &+ {u32(C)})
let second = pc[1]
let x = UInt32(truncatingIfNeeded: sp[Int(truncatingIfNeeded: (second &>> 16) & 0xFFFF)])
let y = UInt32(truncatingIfNeeded: sp[Int(truncatingIfNeeded: (second &>> 32) & 0xFFFF)])
sp[Int(truncatingIfNeeded: second & 0xFFFF)] = UInt64(x &+ y)""", words=2)

# The counted-loop tail `i += step; if i <cmp> n goto head` in one dispatch: `i32.add` (written to A, as
# always) followed by a fused compare-and-branch on A. Nearly every loop compiled from C ends this way, so
# it saves one dispatch per iteration of almost every loop (a third of the sieve's inner loop).
ADD_BRANCH = {}
for suffix, (sym, signed) in cmp.items():
    conv = s32 if signed else u32
    name = f"i32AddBrIf{suffix}"
    ADD_BRANCH[f"brIfI32{suffix}"] = name
    op(name, f"A = B + C (i32); jump by word 1 if A {sym} (slot in word 2) (i32{', signed' if signed else ''})",
       f"""let sum = {u32(B)} &+ {u32(C)}
{A} = UInt64(sum)
{branch_if(f"{conv('sum')} {sym} {conv('sp[Int(truncatingIfNeeded: pc[2])]')}", word_offset(1))}""", words=3)
for cond, test in (("Nez", "!="), ("Eqz", "==")):
    ADD_BRANCH[f"brIf{cond}"] = f"i32AddBrIf{cond}"
    op(f"i32AddBrIf{cond}", f"A = B + C (i32); jump by word 1 if A {test} 0",
       f"""let sum = {u32(B)} &+ {u32(C)}
{A} = UInt64(sum)
{branch_if(f"sum {test} 0", word_offset(1))}""", words=2)

# `(x & mask) == y` as a loop test in one dispatch: `i32.and` (written to A) followed by an equality
# branch on its result. strcmp compares a loaded byte with the other string's byte masked by 255 on every
# character. Only `==` and `!=`: being symmetric, they fuse whichever operand the `and` computed.
AND_BRANCH = {}
for suffix in ("Eq", "Ne"):
    sym, _ = cmp[suffix]
    name = f"i32AndBrIf{suffix}"
    AND_BRANCH[f"brIfI32{suffix}"] = name
    op(name, f"A = B & C (i32); jump by word 1 if A {sym} (slot in word 2) (i32)",
       f"""let masked = {u32(B)} & {u32(C)}
{A} = UInt64(masked)
{branch_if(f"masked {sym} {u32('sp[Int(truncatingIfNeeded: pc[2])]')}", word_offset(1))}""", words=3)

# A bit test `if (x & mask)` / `if (!(x & mask))` in one dispatch: `i32.and` (written to A, as always)
# followed by a branch on its result being zero or not. Flag tests, alignment checks (`strlen`'s
# `(uintptr_t)s & 3` loop) and parity tests (`i & 1`) all compile to it.
for cond, test in (("Nez", "!="), ("Eqz", "==")):
    op(f"i32AndBrIf{cond}", f"A = B & C (i32); jump by word 1 if A {test} 0",
       f"""let masked = {u32(B)} & {u32(C)}
{A} = UInt64(masked)
{branch_if(f"masked {test} 0", word_offset(1))}""", words=2)

# The byte-scan loop test `c = *p; if (c == 0) break` (strlen, strcmp, hashing a C string) in one dispatch:
# `i32.load8_u` (written to A, as always: the byte is usually live after the test) followed by `br_if` on
# it, negated or not. The load's bounds check comes first, as in the pair. `strings` spends a fifth of its
# time in byte loads, nearly all of them followed by this test.
for cond, test in (("Eqz", "=="), ("Nez", "!=")):
    op(f"i32Load8UBrIf{cond}", f"A = load 1 byte at B + offset (word 1); jump by word 2 if A {test} 0",
       f"""let address = UInt64({u32(B)}) &+ pc[1]
guard address &+ 1 <= memorySize else {{ trap = .outOfBoundsMemoryAccess; break dispatch }}
let byte = guestCell(memory, address, UInt8.self).pointee
{A} = UInt64(byte)
{branch_if(f"byte {test} 0", word_offset(2))}""", words=3)


# Bitwise operations with a shifted or rotated operand, `A = B op (C shift k)` with the constant count k in
# word 1: the `ROR(x, a) ^ ROR(x, b) ^ (x >> c)` of SHA-256's sigma functions (five instructions become
# three) and the `(x << 8) | y` of byte assembly. The shift is fused only when its count is a constant and
# its result went to an operand-stack slot that only the `xor`/`or` read; both operations are commutative,
# so the shifted value may come from either side.
SHIFTED = {"Rotl": "(x &<< k) | (x &>> ((32 &- k) & 31))", "ShrU": "x &>> k", "Shl": "x &<< k"}
for outer, symbol in (("Xor", "^"), ("Or", "|")):
    for inner, expression in SHIFTED.items():
        op(f"i32{outer}{inner}", f"A = B {outer.lower()} {inner.lower()}(C, word 1) (i32)",
           f"""let x = {u32(C)}, k = UInt32(truncatingIfNeeded: pc[1]) & 31
{A} = UInt64({u32(B)} {symbol} ({expression}))""", words=2)
# `x & ~y` (SHA-256's choice function, bit clearing in general): `i32.xor y, -1` feeding an `i32.and`.
op("i32AndNot", "A = B & ~C (i32)", f"{A} = UInt64({u32(B)} & ~{u32(C)})")

# ---------------------------------------------------------------- aliases
# Instructions with identical semantics on slots (e.g. i64.extend_i32_u and i32.wrap_i64 both zero-extend the
# low word; every reinterpretation is a copy) share one bytecode instruction. Besides a smaller table this
# matters for the threaded handlers: the optimiser merges identical functions into one body reached through a
# thunk that *calls* it, which would break the chain of tail calls.
ALIASES = {}
first_by_body = {}
unique_ops = []
for entry in ops:
    name, doc, words, body = entry
    key = (body, words, SIZES[name])
    if key in first_by_body:
        ALIASES[name] = first_by_body[key]
    else:
        first_by_body[key] = name
        unique_ops.append(entry)
ops = unique_ops
FUSED = [(c, b) for c, b in FUSED if b not in ALIASES]

# ---------------------------------------------------------------- emit
assert len(ops) <= 65536, "the opcode is the instruction word's low 16 bits"
# A raw-valued Swift enum is stored as its case index (the generator makes it equal to the raw value) in the
# smallest integer that holds every case: one byte up to 256 cases, two bytes beyond. The switch loop
# reinterprets the word's low bits as the enum, so it must read exactly that width.
OPCODE_STORAGE = "UInt8" if len(ops) <= 256 else "UInt16"

def indent(text, n):
    pad = " " * n
    return "\n".join((pad + line) if line.strip() else "" for line in text.split("\n"))


HEADER = "// GENERATED by Scripts/generate-interpreter.py — do not edit; change the generator and rerun it.\n"

with open(os.path.join(ROOT, "Sources/WasmVM/Translation/Opcode.swift"), "w") as f:
    f.write(HEADER)
    f.write("""
/// One instruction of the interpreter's bytecode. The raw value is the low 16 bits of the instruction's first word.
/// See Docs/Bytecode.md for the encoding.
enum Opcode: UInt16 {
""")
    for i, (name, doc, words, body) in enumerate(ops):
        f.write(f"    /// {doc}\n    case {name} = {i}\n")
    f.write("""}

extension Opcode {
    /// Length of the instruction in words (-1: `brTable`, whose length depends on its target count).
    var size: Int {
        switch self {
""")
    for name, doc, words, body in ops:
        f.write(f"        case .{name}: {SIZES[name]}\n")
    f.write("""        }
    }

    /// The bytecode instruction that implements a numeric Wasm instruction (same name, 3-address form).
    init(_ numeric: NumericOpcode) {
        switch numeric {
""")
    for name in NUMERIC:
        f.write(f"        case .{name}: self = .{ALIASES.get(name, name)}\n")
    f.write("""        }
    }

    /// The fused compare-and-branch instruction for a comparison, if there is one.
    static func fusedBranch(_ compare: Opcode) -> Opcode? {
        switch compare {
""")
    for cmpname, br in FUSED:
        if cmpname not in ALIASES:
            f.write(f"        case .{cmpname}: .{br}\n")
    f.write("""        default: nil
        }
    }

    /// The indexed form of a load or store (address = B + C), if there is one.
    var indexed: Opcode? {
        switch self {
""")
    for name, _, _, _ in loads:
        if name not in ALIASES:
            f.write(f"        case .{name}: .{ALIASES.get(name + 'Indexed', name + 'Indexed')}\n")
    for name, _, _ in stores:
        if name not in ALIASES:
            f.write(f"        case .{name}: .{ALIASES.get(name + 'Indexed', name + 'Indexed')}\n")
    f.write("""        default: nil
        }
    }

    /// For a conditional branch on an i32 (`brIfNez`, `brIfEqz`, `brIfI32*`): the superinstruction that also
    /// performs the `i32Add` computing that value, if there is one.
    var withPrecedingAdd: Opcode? {
        switch self {
""")
    for br, fused in ADD_BRANCH.items():
        f.write(f"        case .{br}: .{fused}\n")
    f.write("""        default: nil
        }
    }

    /// For `brIfI32Eq`/`brIfI32Ne`: the superinstruction that also performs the `i32And` computing either
    /// operand, if there is one.
    var withPrecedingAnd: Opcode? {
        switch self {
""")
    for br, fused in AND_BRANCH.items():
        f.write(f"        case .{br}: .{fused}\n")
    f.write("""        default: nil
        }
    }

    /// The scaled form of an indexed load or store (address = B + (C << shift)), if there is one.
    var scaled: Opcode? {
        switch self {
""")
    for name in sorted(SCALED):
        f.write(f"        case .{name}Indexed: .{name}Scaled\n")
    f.write("""        default: nil
        }
    }

    /// The form of a scaled load whose base is `x + K` (K in word 2), if there is one.
    var displaced: Opcode? {
        switch self {
""")
    for name in sorted(SCALED_DISPLACED):
        f.write(f"        case .{name}Scaled: .{name}ScaledDisp\n")
    f.write("""        default: nil
        }
    }

    /// The comparison with the opposite outcome (for branching when a condition is false).
    var negatedComparison: Opcode? {
        switch self {
""")
    neg = {"Eq": "Ne", "Ne": "Eq", "LtS": "GeS", "GeS": "LtS", "LtU": "GeU", "GeU": "LtU",
           "GtS": "LeS", "LeS": "GtS", "GtU": "LeU", "LeU": "GtU"}
    for w_ in ("i32", "i64"):
        for s_, n in neg.items():
            f.write(f"        case .{w_}{s_}: .{w_}{n}\n")
    f.write("""        default: nil
        }
    }
}
""")

with open(os.path.join(ROOT, "Sources/WasmVM/Execution/Interpreter+Dispatch.swift"), "w") as f:
    f.write(HEADER)
    f.write("""
extension Interpreter {
    /// The portable form of the dispatch: one loop around a `switch`, used by debug builds (where Swift
    /// does not turn the threaded handlers' tail calls into jumps, so they would grow the native stack) and
    /// in release builds when `WASMVM_DISPATCH=loop` is set.
    ///
    /// Everything the loop needs is in local variables — the frame pointer, the current instance's function
    /// and global tables, the memory's base and size — so that the compiler can keep them in registers across
    /// the loop; none is a property of a class (which would cost exclusivity checks and retains). They are
    /// reloaded only when a call or return crosses into another instance, or when memory may have grown.
    /// Each case reads its operands straight from the 64-bit instruction word and from slots through an
    /// unsafe pointer: no bounds checks, no ARC, no allocation.
    static func dispatchLoop(
        pc initialPC: UnsafeMutablePointer<UInt64>,
        sp initialSP: UnsafeMutablePointer<UInt64>,
        fp initialFP: UnsafeMutablePointer<CallFrame>,
        context initialContext: UnsafeMutablePointer<InstanceContext>,
        stack: ExecutionStack,
        store: Store
    ) -> Exit {
        var pc = initialPC
        var sp = initialSP
        var fp = initialFP
        var context = initialContext
        var globals = context.pointee.globals
        // Every context has a memory record (instances without a memory get `Interpreter.noMemory`, of size 0).
        var memory = context.pointee.memory.unsafelyUnwrapped.pointee.base
        var memorySize = UInt64(context.pointee.memory.unsafelyUnwrapped.pointee.byteCount)
        var budget = Interpreter.initialBudget(store: store)
        var trap = TrapCode.none
        var hostError: Trap? = nil

        dispatch: while true {
            let w = pc.pointee
            // A raw-valued Swift enum is stored as its case index, which the generator makes equal to the
            // raw value, in the narrowest integer that holds every case. So the word's low bits *are* the enum.
            switch unsafeBitCast(""" + OPCODE_STORAGE + """(truncatingIfNeeded: w), to: Opcode.self) {
""")
    for name, doc, words, body in ops:
        f.write(f"            case .{name}:\n")
        if body.strip():
            f.write(indent(loop_body(body), 16) + "\n")
        if words > 0:
            f.write(f"                pc += {words}\n")
    f.write("""            }
        }
        Interpreter.returnBudget(budget, store: store)
        return Exit(trap: trap, pc: pc, fp: fp, hostError: hostError)
    }
}
""")


# ---------------------------------------------------------------- threaded form
STATE_VARS = ["fp", "context", "globals", "budget"]
# Read-only values are substituted at their (rare, slow-path) uses rather than loaded up front, so a
# handler that does not reach them pays nothing (no retain of the store either).
RO_SUBST = [
    ("UInt(bitPattern: stack.framesEnd)", "state.pointee.framesEnd"),
    ("UInt(bitPattern: stack.valuesEnd)", "state.pointee.valuesEnd"),
    ("hostError = error", "state.pointee.hostError = error"),
    ("&hostError", "&state.pointee.hostError"),
]
ARG_VARS = ["pc", "sp", "memory", "memorySize"]
import re


def uses(body, var):
    return re.search(r"(?<![\w.])" + var + r"(?!\w)", body) is not None


def assigns(body, var):
    return re.search(r"(?<![\w.])" + var + r"\s*(=(?!=)|\+=|-=|&-=|&\+=)", body) is not None or ("&" + var) in body


def threaded_handler(name, words, body):
    for a, b in RO_SUBST:
        body = body.replace(a, b)
    body = re.sub(r"(?<![\w.])store(?![\w:])", "state.pointee.store.takeUnretainedValue()", body)
    full = body + ("\npc += %d" % words if words > 0 else "")
    lines = []
    for v in ARG_VARS:
        if assigns(full, v):
            lines.append(f"var {v} = {v}")
    for v in STATE_VARS:
        if uses(full, v):
            kw = "var" if assigns(full, v) else "let"
            lines.append(f"{kw} {v} = state.pointee.{v}")
    writeback = "".join(f"state.pointee.{v} = {v}; " for v in STATE_VARS if uses(full, v) and assigns(full, v))
    jump = "do { " + writeback + "return Interpreter.next(pc, sp, memory, memorySize, state, dispatchTable) }"
    exits = "break dispatch" in full
    code = full.replace("continue dispatch", jump)
    # A threaded handler hands the refill to `threaded_refill` with a tail call instead of calling
    # `Interpreter.refill` itself. A call anywhere in a handler, even one almost never taken, makes it save
    # and restore callee-saved registers and set up a stack frame on every execution; every taken branch
    # (every loop iteration) paid for that.
    code = code.replace("REFILL", "do { " + writeback
                        + "return threaded_refill(pc, sp, memory, memorySize, UnsafeMutableRawPointer(state), dispatchTable) }")
    if uses(full, "trap"):
        lines.append("var trap = TrapCode.none")
    lines.append("let w = pc.pointee")
    if words > 0 or "continue dispatch" not in body:
        # falls through to the next instruction
        code += "\n" + jump
    if exits:
        lines.append("dispatch: do {")
        lines.append(indent(code, 4))
        lines.append("}")
        lines.append(writeback + "state.pointee.exitPC = pc")
        if uses(full, "trap"):
            lines.append("state.pointee.trap = trap")
    else:
        lines.append(code)
    return "\n".join(lines)


# Threaded fast paths: hand-written handlers for the common case of an instruction whose general form
# contains real calls (slow paths). A function that makes any call must save the callee-saved registers it
# uses and set up a frame on entry, *on every execution*, even when the call is never taken: the general
# `call` handler pushed and popped five registers per Wasm call, which made `fib` slower threaded than in the
# switch loop. A fast path contains no calls at all; anything it does not handle (a host function, a
# function not translated yet, another instance, a large frame template, a stack limit, the fuel budget
# running out) is passed unchanged to the general handler, generated as `threaded_<name>Slow`, with a tail
# call. The fast path commits nothing before it decides, so the general handler sees exactly the state the
# instruction started in.
def call_fast(resolve, name):
    """A call fast path: `resolve` finds `compiled` (the callee's translation slot, translated) and
    `calleeEntry()` (its entry, evaluated only to record it in the call frame), or hands over to the general
    handler; the rest enters the callee in the caller's instance."""
    slow = f"return threaded_{name}Slow(pc, sp, memory, memorySize, rawState, dispatchTable)"
    return f"""let state = rawState.assumingMemoryBound(to: ExecutionState.self)
let fp = state.pointee.fp
let budget = state.pointee.budget
// `budget > 1`: after this call's unit is spent the budget is still positive, so no refill is due.
guard budget > 1, UInt(bitPattern: fp) < state.pointee.framesEnd else {{
    {slow}
}}
{resolve.replace("SLOW", slow)}
guard let code = compiled.pointee.code else {{
    {slow}
}}
let calleeSp = sp + fieldA(pc.pointee)
let templateCount = compiled.pointee.frameTemplateCount
guard templateCount <= Interpreter.smallTemplateLimit,
      UInt(bitPattern: calleeSp + compiled.pointee.frameSize) <= state.pointee.valuesEnd else {{
    {slow}
}}
// The arguments are already in place: the caller computed them into the slots where the callee's frame
// starts. Only the locals and constants after them come from the template.
Interpreter.copySmallTemplate(compiled.pointee.frameTemplate, to: calleeSp + compiled.pointee.parameterSlots,
                              count: templateCount)
fp.pointee = CallFrame(returnPC: pc + 2, sp: sp, context: state.pointee.context, callee: calleeEntry())
state.pointee.fp = fp + 1
state.pointee.budget = budget &- 1
return Interpreter.next(code, calleeSp, memory, memorySize, state, dispatchTable)"""


# `callDirect`: the slot is in the instruction; the entry (for stack traces) is loaded off the path to the
# next dispatch.
CALL_DIRECT_RESOLVE = """let compiled = UnsafeMutablePointer<CompiledFunction>(bitPattern: UInt(truncatingIfNeeded: pc[1])).unsafelyUnwrapped
@inline(__always) func calleeEntry() -> UnsafeMutablePointer<FunctionEntry> {
    state.pointee.context.pointee.functions[Int(UInt32(truncatingIfNeeded: pc.pointee >> 32))]
}"""
# `call_indirect` (C function pointers, interpreters' opcode tables): the checks of the general handler, and
# a callee in the caller's instance; everything else (traps included) is the general handler's business.
CALL_INDIRECT_RESOLVE = """let context = state.pointee.context
let table = context.pointee.tables[Int(pc[1] >> 32)]
let index = Int(UInt32(truncatingIfNeeded: sp[fieldB(pc.pointee)]))
guard index < table.pointee.count, let callee = ReferenceEncoding.functionEntry(table.pointee.elements[index]),
      callee.pointee.typeID == Int(truncatingIfNeeded: pc[1] & 0xFFFF_FFFF), callee.pointee.context == context,
      let compiled = callee.pointee.code else {
    SLOW
}
@inline(__always) func calleeEntry() -> UnsafeMutablePointer<FunctionEntry> { callee }"""


def return_fast(name, move):
    """A return fast path for a return into the caller's own instance (nearly every return): only the frame
    pointer changes, so it is the one field of the state written back. The general handler also stores the
    instance context and globals, unchanged here, and those stores sat on every return of call-heavy code.
    `move` (the result into slot 0) comes after the check, so the general handler starts from the state the
    instruction started in (moving `B + C` into slot 0 twice would read slot 0 the second time)."""
    return f"""let state = rawState.assumingMemoryBound(to: ExecutionState.self)
let fp = state.pointee.fp - 1
guard fp.pointee.context == state.pointee.context else {{
    return threaded_{name}Slow(pc, sp, memory, memorySize, rawState, dispatchTable)
}}
{move}
state.pointee.fp = fp
return Interpreter.next(fp.pointee.returnPC, fp.pointee.sp, memory, memorySize, state, dispatchTable)"""


THREADED_FAST_PATHS = {"callDirect": call_fast(CALL_DIRECT_RESOLVE, "callDirect"),
                       "callIndirect": call_fast(CALL_INDIRECT_RESOLVE, "callIndirect"),
                       "returnOne": return_fast("returnOne", "sp[0] = sp[fieldA(pc.pointee)]"),
                       "returnValues": return_fast("returnValues", ""),
                       "i32AddReturn": return_fast("i32AddReturn", "sp[0] = UInt64(UInt32(truncatingIfNeeded: sp[fieldB(pc.pointee)]) &+ UInt32(truncatingIfNeeded: sp[fieldC(pc.pointee)]))")}


with open(os.path.join(ROOT, "Sources/WasmVM/Execution/Interpreter+Threaded.swift"), "w") as f:
    f.write(HEADER)
    f.write("""
/// Threaded dispatch: one handler function per instruction, each ending in a call to the next instruction's
/// handler through a table indexed by its opcode byte.
///
/// In optimised builds the compiler emits that call in tail position as a jump, so every handler ends with
/// its own indirect jump (the branch predictor learns a target per handler, instead of one shared, poorly
/// predicted jump at the top of a loop), and only four values need to live in registers: `pc`, `sp` and the
/// memory's base and size, passed as arguments. Everything else (the frame stack, the instance context, the
/// fuel budget) is in an `ExecutionState` behind the `state` pointer and is touched only by the
/// instructions that need it. A handler leaves the chain by returning: at `halt` or on a trap.
///
/// Handlers are `@convention(thin)`: plain Swift functions the table points at directly. (A `@convention(c)`
/// closure is emitted as the Swift body plus a thunk, and the table held the thunk: one more jump and four
/// instructions per executed instruction.) The six arguments travel in registers, so LLVM turns the call to
/// the next handler into a jump. Debug builds do not optimise tail calls, so they use `dispatchLoop` instead;
/// `python3 Scripts/generate-interpreter.py --check-tail-calls <binary>` verifies a release binary.
typealias InstructionHandler = @convention(thin) (
    UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeMutableRawPointer, UInt64,
    UnsafeMutableRawPointer, UnsafeRawPointer
) -> Void

extension Interpreter {
    @inline(__always)
    static func next(_ pc: UnsafeMutablePointer<UInt64>, _ sp: UnsafeMutablePointer<UInt64>,
                     _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64,
                     _ state: UnsafeMutablePointer<ExecutionState>, _ table: UnsafeRawPointer) {
        let handler = table.assumingMemoryBound(to: InstructionHandler.self)[Int(UInt16(truncatingIfNeeded: pc.pointee))]
        handler(pc, sp, memory, memorySize, UnsafeMutableRawPointer(state), table)
    }

    /// The handler table, indexed by the instruction word's whole 16-bit opcode field.
    ///
    /// It has 65,536 entries so that the next handler is one zero-extending 16-bit load and one indexed load,
    /// with no mask in between. Only the first entries, one per opcode, are ever initialised or read (the
    /// translator emits no other opcode); the rest is address space the allocator maps but never touches.
    nonisolated(unsafe) static let handlers: UnsafeMutablePointer<InstructionHandler> = {
        let table = UnsafeMutablePointer<InstructionHandler>.allocate(capacity: 1 << 16)
        table.initialize(repeating: threaded_unreachable, count: opcodeCount)
""".replace("opcodeCount", str(len(ops))))
    for i, (name, doc, words, body) in enumerate(ops):
        f.write(f"        table[{i}] = threaded_{name}\n")
    f.write("""        return table
    }()
}
""")
    f.write("""
/// The fuel budget of this chunk is spent (a taken branch or a call brought it to zero): refill it from the
/// store (fuel, deadline, interruption) and continue at `pc`, or stop there with the reason. Handlers reach it
/// with a tail call, so they contain no call of their own (see `threaded_handler` in the generator).
@inline(never)
private func threaded_refill(_ pc: UnsafeMutablePointer<UInt64>, _ sp: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64, _ rawState: UnsafeMutableRawPointer, _ dispatchTable: UnsafeRawPointer) {
    let state = rawState.assumingMemoryBound(to: ExecutionState.self)
    let budget = Interpreter.refill(store: state.pointee.store.takeUnretainedValue())
    guard budget >= 0 else {
        state.pointee.budget = 0
        state.pointee.exitPC = pc
        state.pointee.trap = Interpreter.stopReason(budget)
        return
    }
    state.pointee.budget = budget
    return Interpreter.next(pc, sp, memory, memorySize, state, dispatchTable)
}
""")
    for name, doc, words, body in ops:
        if name in THREADED_FAST_PATHS:
            # The general handler becomes the fast path's fallback: a plain function with the handler's
            # signature, which the fast path tail-calls (a direct `jmp`) when it cannot handle the case.
            f.write(f"\n/// {doc} (the general case; see `threaded_{name}` for the fast path)\n")
            f.write(f"@inline(never)\nprivate func threaded_{name}Slow(_ pc: UnsafeMutablePointer<UInt64>, "
                    "_ sp: UnsafeMutablePointer<UInt64>, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64, "
                    "_ rawState: UnsafeMutableRawPointer, _ dispatchTable: UnsafeRawPointer) {\n")
            f.write("    let state = rawState.assumingMemoryBound(to: ExecutionState.self)\n")
            f.write(indent(threaded_handler(name, words, body), 4) + "\n}\n")
            f.write(f"\n/// {doc} (fast path)\n")
            f.write(f"private let threaded_{name}: InstructionHandler = {{ pc, sp, memory, memorySize, rawState, dispatchTable in\n")
            f.write(indent(THREADED_FAST_PATHS[name], 4) + "\n}\n")
            continue
        f.write(f"\n/// {doc}\n")
        # A closure literal of thin convention compiles to the handler itself (no thunk, no context).
        f.write(f"private let threaded_{name}: InstructionHandler = {{ pc, sp, memory, memorySize, rawState, dispatchTable in\n")
        f.write("    let state = rawState.assumingMemoryBound(to: ExecutionState.self)\n")
        f.write(indent(threaded_handler(name, words, body), 4) + "\n}\n")

print(f"generated {len(ops)} instructions; aliases: {ALIASES}")
