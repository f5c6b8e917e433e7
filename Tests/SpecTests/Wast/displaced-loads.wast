;; Edge cases of the displaced scaled loads (`i32LoadScaledDisp`, `i64LoadScaledDisp` — also used for f64.load —
;; and `i64Load32SScaledDisp`): `load offset=O (x + K + (i << S))` with the constant add emitted right before the
;; shift, read at (x + K + (i << S)) mod 2^32 + O. Covered: K positive, negative, zero, 0x7fffffff, 0x80000000 and
;; 0xffffffff, the constant as either operand of its add (and both operands constant); 32-bit wrap-around of
;; x + K + (i << S) (also of i << S alone) while the offset O is added without wrapping; the last in-bounds
;; address and the first out-of-bounds one (memory of one page); shift counts 0, 2, 3, 31, 33 and 35 (mod 32);
;; sign extension of i64.load32_s; a loaded value going straight to a local; base and index the same local.
;; Cases that are not folded but must give the same values: the outer add's operands swapped, the base reaching
;; the load through a block's or an if's end or a loop's parameter, the add's result also kept in a local by
;; `local.tee`, a base that is the sum of two locals, the constant add on the index side, a base computed into
;; its own stack slot, the shift's operand a `local.tee` of the base's local. Also the pattern in loops over a
;; local array at sp + 64 (each called twice) and, in a second module, a memory.grow before the load in the same
;; function. Expected values were checked against wasmtime. Run by Tests/SpecTests/ProjectWastTests.swift
;; through both dispatch forms.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 2048))
  ;; bytes 0..255 hold their own address: the i32 at a (a < 253) is a | a+1 << 8 | a+2 << 16 | a+3 << 24
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20\21\22\23\24\25\26\27\28\29\2a\2b\2c\2d\2e\2f\30\31\32\33\34\35\36\37\38\39\3a\3b\3c\3d\3e\3f\40\41\42\43\44\45\46\47\48\49\4a\4b\4c\4d\4e\4f\50\51\52\53\54\55\56\57\58\59\5a\5b\5c\5d\5e\5f\60\61\62\63\64\65\66\67\68\69\6a\6b\6c\6d\6e\6f\70\71\72\73\74\75\76\77\78\79\7a\7b\7c\7d\7e\7f\80\81\82\83\84\85\86\87\88\89\8a\8b\8c\8d\8e\8f\90\91\92\93\94\95\96\97\98\99\9a\9b\9c\9d\9e\9f\a0\a1\a2\a3\a4\a5\a6\a7\a8\a9\aa\ab\ac\ad\ae\af\b0\b1\b2\b3\b4\b5\b6\b7\b8\b9\ba\bb\bc\bd\be\bf\c0\c1\c2\c3\c4\c5\c6\c7\c8\c9\ca\cb\cc\cd\ce\cf\d0\d1\d2\d3\d4\d5\d6\d7\d8\d9\da\db\dc\dd\de\df\e0\e1\e2\e3\e4\e5\e6\e7\e8\e9\ea\eb\ec\ed\ee\ef\f0\f1\f2\f3\f4\f5\f6\f7\f8\f9\fa\fb\fc\fd\fe\ff")
  ;; f64s at 1024: 1.5, -2.25, 1e300, -0, 0.1, -7.5
  (data (i32.const 1024) "\00\00\00\00\00\00\f8\3f\00\00\00\00\00\00\02\c0\9c\75\00\88\3c\e4\37\7e\00\00\00\00\00\00\00\80\9a\99\99\99\99\99\b9\3f\00\00\00\00\00\00\1e\c0")
  ;; the last 16 bytes: f0 f1 ... f7, then the f64 -7.5 (its high word, at 65532, is 0xc01e0000)
  (data (i32.const 65520) "\f0\f1\f2\f3\f4\f5\f6\f7\00\00\00\00\00\00\1e\c0")

  ;; i32.load offset=4 of x + K + (i << 2), for several K
  (func (export "i32-k16") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 16)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i32-k-16") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const -16)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i32-k0") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i32-kmax") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0x7fffffff)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i32-kmin") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0x80000000)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i32-k-1") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0xffffffff)) (i32.shl (local.get $i) (i32.const 2)))))
  ;; the constant as the first operand of the inner add
  (func (export "i32-k16-first") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (i32.const 16) (local.get $x)) (i32.shl (local.get $i) (i32.const 2)))))
  ;; the outer add's operands swapped: the shift comes first
  (func (export "i32-k16-swapped") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $x) (i32.const 16)))))
  ;; both operands of the inner add constant
  (func (export "i32-const-base") (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (i32.const 0x100) (i32.const -0xf0)) (i32.shl (local.get $i) (i32.const 2)))))
  ;; offset 8 (with K = 0x20): the sum wraps, the offset does not
  (func (export "i32-wrap-off8") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 0x20)) (i32.shl (local.get $i) (i32.const 2)))))

  ;; shift counts (K = 8, no offset); 33 and 35 are 1 and 3 mod 32
  (func (export "s0") (param $x i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (local.get $x) (i32.const 8)) (i32.shl (local.get $i) (i32.const 0)))))
  (func (export "s3") (param $x i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (local.get $x) (i32.const 8)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "s31") (param $x i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (local.get $x) (i32.const 8)) (i32.shl (local.get $i) (i32.const 31)))))
  (func (export "s33") (param $x i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (local.get $x) (i32.const 8)) (i32.shl (local.get $i) (i32.const 33)))))
  (func (export "s35") (param $x i32) (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (local.get $x) (i32.const 8)) (i32.shl (local.get $i) (i32.const 35)))))

  ;; i64.load offset=8 of x + K + (i << 3)
  (func (export "i64-k16") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 16)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "i64-k-8") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (i32.const -8) (local.get $x)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "i64-k0") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 0)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "i64-kmax") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 0x7fffffff)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "i64-kmin") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 0x80000000)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "i64-k-1") (param $x i32) (param $i i32) (result i64)
    (i64.load offset=8 (i32.add (i32.add (local.get $x) (i32.const 0xffffffff)) (i32.shl (local.get $i) (i32.const 3)))))

  ;; f64.load (translated as an i64 load) of x + K + (i << 3)
  (func (export "f64-k1024") (param $x i32) (param $i i32) (result f64)
    (f64.load (i32.add (i32.add (local.get $x) (i32.const 1024)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "f64-k-8-off16") (param $x i32) (param $i i32) (result f64)
    (f64.load offset=16 (i32.add (i32.add (local.get $x) (i32.const -8)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "f64-kmin") (param $x i32) (param $i i32) (result f64)
    (f64.load (i32.add (i32.add (i32.const 0x80000000) (local.get $x)) (i32.shl (local.get $i) (i32.const 3)))))

  ;; i64.load32_s of x + K + (i << 2) (sign-extended)
  (func (export "s32-k128") (param $x i32) (param $i i32) (result i64)
    (i64.load32_s (i32.add (i32.add (local.get $x) (i32.const 128)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "s32-k-4-off4") (param $x i32) (param $i i32) (result i64)
    (i64.load32_s offset=4 (i32.add (i32.add (local.get $x) (i32.const -4)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "s32-kmax") (param $x i32) (param $i i32) (result i64)
    (i64.load32_s (i32.add (i32.add (local.get $x) (i32.const 0x7fffffff)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "s32-k-1-s3") (param $x i32) (param $i i32) (result i64)
    (i64.load32_s (i32.add (i32.add (local.get $x) (i32.const -1)) (i32.shl (local.get $i) (i32.const 3)))))

  ;; --- not fused, but must give the same values ---
  ;; the add's result reaches the load through a block's end: a branch may carry another value (y, no K)
  (func (export "nf-block") (param $x i32) (param $y i32) (param $c i32) (param $i i32) (result i32)
    (i32.load offset=4
      (i32.add
        (block (result i32)
          (drop (br_if 0 (local.get $y) (local.get $c)))
          (i32.add (local.get $x) (i32.const 16)))
        (i32.shl (local.get $i) (i32.const 2)))))
  ;; the add is computed before an if/else: either arm's add reaches the load
  (func (export "nf-if") (param $x i32) (param $c i32) (param $i i32) (result i32)
    (i32.load
      (i32.add
        (if (result i32) (local.get $c)
          (then (i32.add (local.get $x) (i32.const 16)))
          (else (i32.add (local.get $x) (i32.const 32))))
        (i32.shl (local.get $i) (i32.const 2)))))
  ;; the add is computed before a block with a parameter, the load inside (this one is folded: nothing
  ;; branches to a block's start)
  (func (export "nf-block-param") (param $x i32) (param $i i32) (result i32)
    (i32.add (local.get $x) (i32.const 16))
    (block (param i32) (result i32)
      (i32.shl (local.get $i) (i32.const 2))
      (i32.add)
      (i32.load offset=4)))
  ;; the add is computed before a loop, the load inside: the back edge brings the masked loaded value
  ;; (without K) as the next base; three rounds
  (func (export "nf-loop") (param $x i32) (param $i i32) (result i32)
    (local $n i32)
    (i32.add (local.get $x) (i32.const 16))
    (loop (param i32) (result i32)
      (i32.shl (local.get $i) (i32.const 2))
      (i32.add)
      (i32.load)
      (i32.and (i32.const 0xff))
      (br_if 0 (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 3)))))
  ;; the add's result is also kept in a local, read after the load
  (func (export "nf-tee") (param $x i32) (param $i i32) (result i32)
    (local $t i32)
    (i32.add
      (i32.load offset=4 (i32.add (local.tee $t (i32.add (local.get $x) (i32.const 16))) (i32.shl (local.get $i) (i32.const 2))))
      (i32.mul (local.get $t) (i32.const 0x1000000))))
  ;; the same with i64.load
  (func (export "nf-tee-i64") (param $x i32) (param $i i32) (result i64)
    (local $t i32)
    (i64.add
      (i64.load (i32.add (local.tee $t (i32.add (local.get $x) (i32.const 8))) (i32.shl (local.get $i) (i32.const 3))))
      (i64.extend_i32_u (local.get $t))))
  ;; the base is the sum of two locals (no constant)
  (func (export "nf-two-locals") (param $x i32) (param $y i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (local.get $y)) (i32.shl (local.get $i) (i32.const 2)))))
  ;; the constant add feeds the index side: x + ((i + K) << 2)
  (func (export "nf-index-side") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (local.get $x) (i32.shl (i32.add (local.get $i) (i32.const 4)) (i32.const 2)))))
  (func (export "nf-index-side-s32") (param $x i32) (param $i i32) (result i64)
    (i64.load32_s (i32.add (local.get $x) (i32.shl (i32.add (local.get $i) (i32.const -1)) (i32.const 2)))))
  ;; the base added to K is itself computed (a global's value): x + K overwrites its own slot
  (func (export "nf-global-base") (param $i i32) (result i32)
    (i32.load (i32.add (i32.add (global.get $sp) (i32.const -1984)) (i32.shl (local.get $i) (i32.const 2)))))

  ;; folded, with the loaded value going straight to a local; base and index the same local
  (func (export "to-local") (param $x i32) (param $i i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (i32.add (i32.add (local.get $x) (i32.const 4)) (i32.shl (local.get $i) (i32.const 2)))))
    (i32.sub (local.get $v) (local.get $x)))
  (func (export "x-is-i") (param $x i32) (result i32)
    (i32.load offset=1 (i32.add (i32.add (local.get $x) (i32.const 4)) (i32.shl (local.get $x) (i32.const 2)))))
  ;; not folded: the shift's operand is a `local.tee` of the base's local (a copy runs between the add and
  ;; the shift, so the add read the old x)
  (func (export "nf-tee-index") (param $x i32) (param $i i32) (result i32)
    (i32.add
      (i32.load (i32.add (i32.add (local.get $x) (i32.const 4)) (i32.shl (local.tee $x (local.get $i)) (i32.const 2))))
      (local.get $x)))

  ;; a[i] for a local array at sp + 64, in a loop: fill a[i] = 3i + 1 (i32) and b[i] = i * 2^32 + i (i64,
  ;; at sp + 64 + 4n rounded up), sum them back
  (func (export "sum") (param $sp i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add (i32.mul (local.get $i) (i32.const 3)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $sum
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
    (local.get $s))
  (func (export "sum-f64") (param $sp i32) (param $n i32) (result f64)
    (local $i i32) (local $s f64)
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 3)))
          (f64.mul (f64.convert_i32_u (local.get $i)) (f64.const 0.25)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $s (f64.add (local.get $s)
        (f64.load (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 3))))))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  (func (export "sum-s32") (param $sp i32) (param $n i32) (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 2)))
          (i32.sub (i32.const 5) (i32.mul (local.get $i) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $s (i64.add (local.get $s)
        (i64.load32_s (i32.add (i32.add (local.get $sp) (i32.const 64)) (i32.shl (local.get $i) (i32.const 2))))))
      (br_if $sum (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
)

(assert_return (invoke "i32-k16" (i32.const 0) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "i32-k16" (i32.const 4) (i32.const 3)) (i32.const 0x27262524))
(assert_return (invoke "i32-k16" (i32.const -16) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "i32-k16" (i32.const -32) (i32.const 4)) (i32.const 0x07060504))
(assert_return (invoke "i32-k16" (i32.const 16) (i32.const 0x40000000)) (i32.const 0x27262524))
(assert_return (invoke "i32-k16" (i32.const 16) (i32.const 0x3ffffffc)) (i32.const 0x17161514))
(assert_return (invoke "i32-k16" (i32.const -1) (i32.const -1)) (i32.const 0x1211100f))
(assert_return (invoke "i32-k16" (i32.const 65512) (i32.const 0)) (i32.const 0xc01e0000))
(assert_return (invoke "i32-k16" (i32.const 65500) (i32.const 3)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-k16" (i32.const 65513) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k16" (i32.const 65501) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "i32-k16" (i32.const 65500) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "i32-k16" (i32.const -20) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k16" (i32.const 0x7fffffff) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-k-16" (i32.const 16) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "i32-k-16" (i32.const 0) (i32.const 4)) (i32.const 0x07060504))
(assert_return (invoke "i32-k-16" (i32.const 65528) (i32.const 4)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-k-16" (i32.const 65529) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "i32-k-16" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k-16" (i32.const 8) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k-16" (i32.const 12) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k-16" (i32.const 65533) (i32.const 4)) "out of bounds memory access")

(assert_return (invoke "i32-k0" (i32.const 16) (i32.const 1)) (i32.const 0x1b1a1918))
(assert_return (invoke "i32-k0" (i32.const 65528) (i32.const 0)) (i32.const 0xc01e0000))
(assert_return (invoke "i32-k0" (i32.const -4) (i32.const 1)) (i32.const 0x07060504))
(assert_trap (invoke "i32-k0" (i32.const 65529) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k0" (i32.const -4) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-kmax" (i32.const 0x80000001) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "i32-kmax" (i32.const 0x80000011) (i32.const 1)) (i32.const 0x1b1a1918))
(assert_return (invoke "i32-kmax" (i32.const 0x8000fff9) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-kmax" (i32.const 1) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-kmax" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-kmax" (i32.const 0x8000fffa) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-kmin" (i32.const 0x80000010) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "i32-kmin" (i32.const 0x80000000) (i32.const 2)) (i32.const 0x0f0e0d0c))
(assert_return (invoke "i32-kmin" (i32.const 0x8000fff8) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-kmin" (i32.const 16) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-kmin" (i32.const 0x8000fff9) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-k-1" (i32.const 17) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "i32-k-1" (i32.const 0) (i32.const 1)) (i32.const 0x0a090807))
(assert_return (invoke "i32-k-1" (i32.const 65529) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-k-1" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k-1" (i32.const 65530) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-k16-first" (i32.const 0) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "i32-k16-first" (i32.const -16) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "i32-k16-first" (i32.const 65512) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-k16-first" (i32.const 65513) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k16-first" (i32.const -20) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-k16-swapped" (i32.const 0) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "i32-k16-swapped" (i32.const -16) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "i32-k16-swapped" (i32.const 65512) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-k16-swapped" (i32.const 65513) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-k16-swapped" (i32.const -20) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i32-const-base" (i32.const 0)) (i32.const 0x13121110))
(assert_return (invoke "i32-const-base" (i32.const 3)) (i32.const 0x1f1e1d1c))
(assert_return (invoke "i32-const-base" (i32.const 16379)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-const-base" (i32.const 16380)) "out of bounds memory access")
(assert_return (invoke "i32-const-base" (i32.const -4)) (i32.const 0x03020100))

(assert_return (invoke "i32-wrap-off8" (i32.const -16) (i32.const 0)) (i32.const 0x1b1a1918))
(assert_return (invoke "i32-wrap-off8" (i32.const -32) (i32.const 0)) (i32.const 0x0b0a0908))
(assert_return (invoke "i32-wrap-off8" (i32.const -36) (i32.const 1)) (i32.const 0x0b0a0908))
(assert_trap (invoke "i32-wrap-off8" (i32.const -36) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i32-wrap-off8" (i32.const -48) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "i32-wrap-off8" (i32.const 65488) (i32.const 1)) (i32.const 0xc01e0000))
(assert_trap (invoke "i32-wrap-off8" (i32.const 65489) (i32.const 1)) "out of bounds memory access")

(assert_return (invoke "s0" (i32.const 0) (i32.const 4)) (i32.const 0x0f0e0d0c))
(assert_return (invoke "s0" (i32.const 0) (i32.const -8)) (i32.const 0x03020100))
(assert_return (invoke "s0" (i32.const 65524) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "s0" (i32.const 65525) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "s0" (i32.const 65520) (i32.const 5)) "out of bounds memory access")

(assert_return (invoke "s3" (i32.const 0) (i32.const 2)) (i32.const 0x1b1a1918))
(assert_return (invoke "s3" (i32.const 0) (i32.const 0x20000000)) (i32.const 0x0b0a0908))
(assert_return (invoke "s3" (i32.const 65508) (i32.const 2)) (i32.const 0xc01e0000))
(assert_trap (invoke "s3" (i32.const 65509) (i32.const 2)) "out of bounds memory access")

(assert_return (invoke "s31" (i32.const 0x80000000) (i32.const 1)) (i32.const 0x0b0a0908))
(assert_return (invoke "s31" (i32.const 0x80000000) (i32.const 3)) (i32.const 0x0b0a0908))
(assert_return (invoke "s31" (i32.const 4) (i32.const 2)) (i32.const 0x0f0e0d0c))
(assert_return (invoke "s31" (i32.const 0x80000004) (i32.const -1)) (i32.const 0x0f0e0d0c))
(assert_trap (invoke "s31" (i32.const 0) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "s31" (i32.const 0x8000fff4) (i32.const 1)) (i32.const 0xc01e0000))
(assert_trap (invoke "s31" (i32.const 0x8000fff5) (i32.const 1)) "out of bounds memory access")

(assert_return (invoke "s33" (i32.const 0) (i32.const 4)) (i32.const 0x13121110))
(assert_return (invoke "s33" (i32.const 0) (i32.const 0x80000008)) (i32.const 0x1b1a1918))
(assert_return (invoke "s33" (i32.const 65516) (i32.const 4)) (i32.const 0xc01e0000))
(assert_trap (invoke "s33" (i32.const 65517) (i32.const 4)) "out of bounds memory access")

(assert_return (invoke "s35" (i32.const 0) (i32.const 2)) (i32.const 0x1b1a1918))
(assert_return (invoke "s35" (i32.const 0) (i32.const 0x20000001)) (i32.const 0x13121110))
(assert_return (invoke "s35" (i32.const 65508) (i32.const 2)) (i32.const 0xc01e0000))
(assert_trap (invoke "s35" (i32.const 65509) (i32.const 2)) "out of bounds memory access")

(assert_return (invoke "i64-k16" (i32.const 0) (i32.const 0)) (i64.const 0x1f1e1d1c1b1a1918))
(assert_return (invoke "i64-k16" (i32.const 8) (i32.const 1)) (i64.const 0x2f2e2d2c2b2a2928))
(assert_return (invoke "i64-k16" (i32.const -16) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-k16" (i32.const 16) (i32.const 0x1ffffffe)) (i64.const 0x1f1e1d1c1b1a1918))
(assert_return (invoke "i64-k16" (i32.const 65504) (i32.const 0)) (i64.const 0xc01e000000000000))
(assert_return (invoke "i64-k16" (i32.const 65488) (i32.const 2)) (i64.const 0xc01e000000000000))
(assert_trap (invoke "i64-k16" (i32.const 65505) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i64-k16" (i32.const 65489) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "i64-k16" (i32.const -24) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i64-k-8" (i32.const 8) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-k-8" (i32.const 0) (i32.const 1)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-k-8" (i32.const 65528) (i32.const 0)) (i64.const 0xc01e000000000000))
(assert_trap (invoke "i64-k-8" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i64-k-8" (i32.const 65529) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i64-k0" (i32.const 16) (i32.const 1)) (i64.const 0x2726252423222120))
(assert_return (invoke "i64-k0" (i32.const 65520) (i32.const 0)) (i64.const 0xc01e000000000000))
(assert_return (invoke "i64-k0" (i32.const -8) (i32.const 1)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_trap (invoke "i64-k0" (i32.const 65521) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i64-k0" (i32.const -8) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i64-kmax" (i32.const 0x80000001) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-kmax" (i32.const 0x80000001) (i32.const 8190)) (i64.const 0xc01e000000000000))
(assert_trap (invoke "i64-kmax" (i32.const 0x80000001) (i32.const 8191)) "out of bounds memory access")
(assert_trap (invoke "i64-kmax" (i32.const 0) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i64-kmin" (i32.const 0x80000000) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-kmin" (i32.const 0x8000fff0) (i32.const 0)) (i64.const 0xc01e000000000000))
(assert_trap (invoke "i64-kmin" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "i64-kmin" (i32.const 0x8000fff1) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "i64-k-1" (i32.const 1) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0908))
(assert_return (invoke "i64-k-1" (i32.const 0) (i32.const 1)) (i64.const 0x161514131211100f))
(assert_trap (invoke "i64-k-1" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "i64-k-1" (i32.const 65521) (i32.const 0)) (i64.const 0xc01e000000000000))
(assert_trap (invoke "i64-k-1" (i32.const 65522) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "f64-k1024" (i32.const -1024) (i32.const 0)) (f64.const 0x1.6050403020100p-911))
(assert_return (invoke "f64-k1024" (i32.const 0) (i32.const 0)) (f64.const 1.5))
(assert_return (invoke "f64-k1024" (i32.const 0) (i32.const 1)) (f64.const -2.25))
(assert_return (invoke "f64-k1024" (i32.const 0) (i32.const 2)) (f64.const 1e300))
(assert_return (invoke "f64-k1024" (i32.const 0) (i32.const 3)) (f64.const -0))
(assert_return (invoke "f64-k1024" (i32.const 0) (i32.const 4)) (f64.const 0.1))
(assert_return (invoke "f64-k1024" (i32.const 8) (i32.const 4)) (f64.const -7.5))
(assert_return (invoke "f64-k1024" (i32.const 64504) (i32.const 0)) (f64.const -7.5))
(assert_trap (invoke "f64-k1024" (i32.const 64505) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "f64-k1024" (i32.const -1032) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "f64-k-8-off16" (i32.const 1016) (i32.const 0)) (f64.const 1.5))
(assert_return (invoke "f64-k-8-off16" (i32.const 1000) (i32.const 2)) (f64.const 1.5))
(assert_return (invoke "f64-k-8-off16" (i32.const 1016) (i32.const 5)) (f64.const -7.5))
(assert_return (invoke "f64-k-8-off16" (i32.const 65520) (i32.const 0)) (f64.const -7.5))
(assert_trap (invoke "f64-k-8-off16" (i32.const 65521) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "f64-k-8-off16" (i32.const 0) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "f64-kmin" (i32.const 0x80000400) (i32.const 1)) (f64.const -2.25))
(assert_return (invoke "f64-kmin" (i32.const 0x8000fff8) (i32.const 0)) (f64.const -7.5))
(assert_trap (invoke "f64-kmin" (i32.const 0x8000fff9) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "f64-kmin" (i32.const 1024) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "s32-k128" (i32.const 0) (i32.const 0)) (i64.const 0xffffffff83828180))
(assert_return (invoke "s32-k128" (i32.const 0) (i32.const 31)) (i64.const 0xfffffffffffefdfc))
(assert_return (invoke "s32-k128" (i32.const -128) (i32.const 0)) (i64.const 0x0000000003020100))
(assert_return (invoke "s32-k128" (i32.const 0) (i32.const 0x3fffffe0)) (i64.const 0x0000000003020100))
(assert_return (invoke "s32-k128" (i32.const 65404) (i32.const 0)) (i64.const 0xffffffffc01e0000))
(assert_trap (invoke "s32-k128" (i32.const 65405) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "s32-k-4-off4" (i32.const 4) (i32.const 0)) (i64.const 0x0000000007060504))
(assert_return (invoke "s32-k-4-off4" (i32.const 0) (i32.const 31)) (i64.const 0x000000007f7e7d7c))
(assert_return (invoke "s32-k-4-off4" (i32.const 0) (i32.const 32)) (i64.const 0xffffffff83828180))
(assert_return (invoke "s32-k-4-off4" (i32.const 65532) (i32.const 0)) (i64.const 0xffffffffc01e0000))
(assert_trap (invoke "s32-k-4-off4" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "s32-k-4-off4" (i32.const 65533) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "s32-kmax" (i32.const 0x80000081) (i32.const 0)) (i64.const 0xffffffff83828180))
(assert_return (invoke "s32-kmax" (i32.const 0x8000fffd) (i32.const 0)) (i64.const 0xffffffffc01e0000))
(assert_trap (invoke "s32-kmax" (i32.const 1) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "s32-k-1-s3" (i32.const 1) (i32.const 16)) (i64.const 0xffffffff83828180))
(assert_return (invoke "s32-k-1-s3" (i32.const 65533) (i32.const 0)) (i64.const 0xffffffffc01e0000))
(assert_trap (invoke "s32-k-1-s3" (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "s32-k-1-s3" (i32.const 0x00010000) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-block" (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 1)) (i32.const 0x1b1a1918))
(assert_return (invoke "nf-block" (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 1)) (i32.const 0x6f6e6d6c))
(assert_return (invoke "nf-block" (i32.const 65512) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0xc01e0000))
(assert_return (invoke "nf-block" (i32.const 0) (i32.const 65528) (i32.const 1) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-block" (i32.const 65513) (i32.const 0) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "nf-block" (i32.const 0) (i32.const 65529) (i32.const 1) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-if" (i32.const 0) (i32.const 1) (i32.const 1)) (i32.const 0x17161514))
(assert_return (invoke "nf-if" (i32.const 0) (i32.const 0) (i32.const 1)) (i32.const 0x27262524))
(assert_return (invoke "nf-if" (i32.const 65500) (i32.const 1) (i32.const 4)) (i32.const 0xc01e0000))
(assert_return (invoke "nf-if" (i32.const 65500) (i32.const 0) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-if" (i32.const 65501) (i32.const 0) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-block-param" (i32.const 0) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "nf-block-param" (i32.const -16) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "nf-block-param" (i32.const 65512) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-block-param" (i32.const 65513) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-loop" (i32.const 0) (i32.const 1)) (i32.const 28))
(assert_return (invoke "nf-loop" (i32.const 0) (i32.const 0)) (i32.const 16))
(assert_return (invoke "nf-loop" (i32.const 200) (i32.const 10)) (i32.const 80))
(assert_trap (invoke "nf-loop" (i32.const 65520) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-tee" (i32.const 0) (i32.const 0)) (i32.const 0x27161514))
(assert_return (invoke "nf-tee" (i32.const -16) (i32.const 1)) (i32.const 0x0b0a0908))
(assert_return (invoke "nf-tee" (i32.const 65512) (i32.const 0)) (i32.const 0xb81e0000))
(assert_trap (invoke "nf-tee" (i32.const 65513) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-tee-i64" (i32.const 0) (i32.const 0)) (i64.const 0x0f0e0d0c0b0a0910))
(assert_return (invoke "nf-tee-i64" (i32.const 8) (i32.const 1)) (i64.const 0x1f1e1d1c1b1a1928))
(assert_return (invoke "nf-tee-i64" (i32.const 65520) (i32.const 0)) (i64.const 0xc01e00000000fff8))
(assert_trap (invoke "nf-tee-i64" (i32.const 65521) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-two-locals" (i32.const 10) (i32.const 6) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "nf-two-locals" (i32.const -16) (i32.const 16) (i32.const 1)) (i32.const 0x0b0a0908))
(assert_return (invoke "nf-two-locals" (i32.const 65500) (i32.const 12) (i32.const 4)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-two-locals" (i32.const 65500) (i32.const 13) (i32.const 4)) "out of bounds memory access")

(assert_return (invoke "nf-index-side" (i32.const 0) (i32.const 0)) (i32.const 0x17161514))
(assert_return (invoke "nf-index-side" (i32.const 0) (i32.const -4)) (i32.const 0x07060504))
(assert_return (invoke "nf-index-side" (i32.const 0) (i32.const 0x3ffffffc)) (i32.const 0x07060504))
(assert_return (invoke "nf-index-side" (i32.const 65512) (i32.const 0)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-index-side" (i32.const 65513) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-index-side-s32" (i32.const 4) (i32.const 0)) (i64.const 0x0000000003020100))
(assert_return (invoke "nf-index-side-s32" (i32.const 0) (i32.const 32)) (i64.const 0x000000007f7e7d7c))
(assert_return (invoke "nf-index-side-s32" (i32.const 128) (i32.const 1)) (i64.const 0xffffffff83828180))
(assert_return (invoke "nf-index-side-s32" (i32.const 65532) (i32.const 1)) (i64.const 0xffffffffc01e0000))
(assert_trap (invoke "nf-index-side-s32" (i32.const 65533) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "nf-index-side-s32" (i32.const 0) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "nf-global-base" (i32.const 0)) (i32.const 0x43424140))
(assert_return (invoke "nf-global-base" (i32.const 16)) (i32.const 0x83828180))
(assert_return (invoke "nf-global-base" (i32.const 16367)) (i32.const 0xc01e0000))
(assert_trap (invoke "nf-global-base" (i32.const 16368)) "out of bounds memory access")

(assert_return (invoke "to-local" (i32.const 0) (i32.const 0)) (i32.const 0x07060504))
(assert_return (invoke "to-local" (i32.const -4) (i32.const 1)) (i32.const 0x07060508))
(assert_return (invoke "to-local" (i32.const 65528) (i32.const 0)) (i32.const 0xc01d0008))
(assert_trap (invoke "to-local" (i32.const 65529) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "x-is-i" (i32.const 0)) (i32.const 0x08070605))
(assert_return (invoke "x-is-i" (i32.const 20)) (i32.const 0x6c6b6a69))
(assert_return (invoke "x-is-i" (i32.const 13105)) (i32.const 0))
(assert_trap (invoke "x-is-i" (i32.const 13106)) "out of bounds memory access")
(assert_trap (invoke "x-is-i" (i32.const -3)) "out of bounds memory access")

(assert_return (invoke "nf-tee-index" (i32.const 0) (i32.const 1)) (i32.const 0x0b0a0909))
(assert_return (invoke "nf-tee-index" (i32.const 100) (i32.const 3)) (i32.const 0x77767577))
(assert_return (invoke "nf-tee-index" (i32.const 65524) (i32.const 0x3ffffffd)) (i32.const 0x3ffffffd))
(assert_return (invoke "nf-tee-index" (i32.const 65524) (i32.const 0x3ffffffe)) (i32.const 0x33f2f1ee))
(assert_trap (invoke "nf-tee-index" (i32.const 65529) (i32.const 0)) "out of bounds memory access")

(assert_return (invoke "sum" (i32.const 4096) (i32.const 10)) (i32.const 145))
(assert_return (invoke "sum" (i32.const 4096) (i32.const 10)) (i32.const 145))
(assert_return (invoke "sum" (i32.const 4096) (i32.const 1)) (i32.const 1))
(assert_return (invoke "sum" (i32.const 8000) (i32.const 100)) (i32.const 14950))
(assert_return (invoke "sum" (i32.const 0) (i32.const 0)) (i32.const 0))
(assert_trap (invoke "sum" (i32.const 65400) (i32.const 20)) "out of bounds memory access")

(assert_return (invoke "sum-f64" (i32.const 12288) (i32.const 10)) (f64.const 11.25))
(assert_return (invoke "sum-f64" (i32.const 12288) (i32.const 10)) (f64.const 11.25))
(assert_return (invoke "sum-f64" (i32.const 16384) (i32.const 1)) (f64.const 0))
(assert_return (invoke "sum-f64" (i32.const 16384) (i32.const 3)) (f64.const 0.75))

(assert_return (invoke "sum-s32" (i32.const 20000) (i32.const 10)) (i64.const -235))
(assert_return (invoke "sum-s32" (i32.const 20000) (i32.const 10)) (i64.const -235))
(assert_return (invoke "sum-s32" (i32.const 20000) (i32.const 3)) (i64.const 10))
(assert_return (invoke "sum-s32" (i32.const 24000) (i32.const 1000)) (i64.const -332828500))

;; memory.grow in the same function: the folded load sees the new size
(module
  (memory 1 2)
  (func (export "load") (param $x i32) (param $i i32) (result i32)
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0x10000)) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "load64") (param $x i32) (param $i i32) (result i64)
    (i64.load (i32.add (i32.add (i32.const 0xfff0) (local.get $x)) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "grow-load") (param $x i32) (param $i i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 0x1fffc) (i32.const 0x12345678))
    (i32.load offset=4 (i32.add (i32.add (local.get $x) (i32.const 0x10000)) (i32.shl (local.get $i) (i32.const 2))))))

(assert_trap (invoke "load" (i32.const 0xfff8) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0xffff0000) (i32.const 3)) (i32.const 0))
(assert_trap (invoke "load64" (i32.const 0x10) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "grow-load" (i32.const 0xfff8) (i32.const 0)) (i32.const 0x12345678))
(assert_return (invoke "grow-load" (i32.const 0xfff0) (i32.const 2)) (i32.const 0x12345678))
(assert_trap (invoke "grow-load" (i32.const 0xfff9) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0xfff4) (i32.const 1)) (i32.const 0x12345678))
(assert_trap (invoke "load" (i32.const 0xfff5) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load64" (i32.const 0x10000) (i32.const 1)) (i64.const 0x1234567800000000))
(assert_trap (invoke "load64" (i32.const 0x10001) (i32.const 1)) "out of bounds memory access")
