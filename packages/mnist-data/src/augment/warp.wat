;; The bilinear resampler of warp.ts (`Warper.warp`, the spec), by hand in WebAssembly SIMD.
;; Assembled by scripts/build-wasm.mjs into warp-wasm.ts (committed; a test keeps it current).
;;
;; It gives the same bytes as the spec, not just close ones. Every output pixel that can see ink
;; is computed with the spec's float64 operations in the spec's order (f64x2 lanes are IEEE
;; float64 like JavaScript's numbers, and neither side fuses a multiply-add), two pixels per
;; vector. Every other pixel is 0 in both: bilinear interpolation of four zero neighbours is
;; 0 + u·0 = 0 exactly, so a pixel may be skipped whenever its source point provably lies outside
;; the ink's bounding box. The skips, cheapest first:
;;   - a blank image: all zeros;
;;   - a row whose source points all miss the box: with bx(x) the row's affine source x (monotone
;;     in x, since it is built by adding a again and again and rounding is monotone) and |f| ≤ mfx
;;     the field's largest magnitude, every sx = fl(bx + ±f) lies in [fl(min bx − mfx),
;;     fl(max bx + mfx)] (rounding is monotone), and likewise for y;
;;   - a pair of pixels that both fail the spec's own test (loX < sx < hiX, loY < sy < hiY).
;;
;; Memory layout (byte addresses; warp-fast.ts lays out the rest):
;;   0..1023      the image with a one-pixel border of zeros, 30×30 (the border is never written;
;;                reads of masked-off lanes land anywhere below 931, which is why it is 1 KiB)
;;   1024..1247   bx(x), x = 0..27, float64: the current row's affine source x
;;   1280..1503   by(x) likewise
;; The caller guarantees `src` (784 bytes), `dst` (784 bytes), `fx` and `fy` (784 float32 each).
(module
  (memory (export "memory") 1)

  (func (export "warp")
    (param $src i32) (param $dst i32)
    (param $a f64) (param $b f64) (param $d f64) (param $e f64) (param $tx f64) (param $ty f64)
    (param $fx i32) (param $fy i32) (param $signX f64) (param $signY f64) (param $mfx f64) (param $mfy f64)
    (local $y i32) (local $x i32) (local $p i32) (local $i0 i32) (local $i1 i32)
    (local $y1 i32) (local $y2 i32) (local $cols i32)
    (local $lo v128) (local $hi v128) (local $colLo v128) (local $colHi v128)
    (local $loX f64) (local $hiX f64) (local $loY f64) (local $hiY f64) (local $ry f64)
    (local $LOX v128) (local $HIX v128) (local $LOY v128) (local $HIY v128)
    (local $SGNX v128) (local $SGNY v128) (local $acc v128) (local $step v128)
    (local $SX v128) (local $SY v128) (local $M v128) (local $TX v128) (local $TY v128)
    (local $CX v128) (local $CY v128) (local $U v128) (local $V v128) (local $G v128)
    (local $A0 v128) (local $A1 v128) (local $TOP v128) (local $BOT v128) (local $R v128)

    ;; 1. Copy the image into the padded buffer (row y → row y + 1, column x → x + 1) as two
    ;;    overlapping 16-byte halves (columns 0..15 and 12..27), and find the ink's bounding box:
    ;;    rows from any_true, columns from the OR of all rows.
    (local.set $y1 (i32.const 28))
    (local.set $y2 (i32.const -1))
    (loop $copy
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $y) (i32.const 28))))
      (local.set $lo (v128.load offset=0 (local.get $p)))
      (local.set $hi (v128.load offset=12 (local.get $p)))
      (local.set $p (i32.mul (local.get $y) (i32.const 30)))
      (v128.store offset=31 (local.get $p) (local.get $lo))
      (v128.store offset=43 (local.get $p) (local.get $hi))
      (local.set $colLo (v128.or (local.get $colLo) (local.get $lo)))
      (local.set $colHi (v128.or (local.get $colHi) (local.get $hi)))
      (if (v128.any_true (v128.or (local.get $lo) (local.get $hi)))
        (then
          (if (i32.eq (local.get $y1) (i32.const 28)) (then (local.set $y1 (local.get $y))))
          (local.set $y2 (local.get $y))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $y) (i32.const 28))))
    (if (i32.lt_s (local.get $y2) (i32.const 0))
      (then
        (memory.fill (local.get $dst) (i32.const 0) (i32.const 784))
        (return)))
    ;; Bit c of $cols: column c has ink (bits 12..15 come from both halves; OR is harmless).
    (local.set $cols (i32.or
      (i8x16.bitmask (i8x16.ne (local.get $colLo) (v128.const i64x2 0 0)))
      (i32.shl (i8x16.bitmask (i8x16.ne (local.get $colHi) (v128.const i64x2 0 0))) (i32.const 12))))
    ;; The spec's test: a point reads ink only if x1 − 1 < sx < x2 + 1, y1 − 1 < sy < y2 + 1.
    (local.set $loX (f64.convert_i32_s (i32.sub (i32.ctz (local.get $cols)) (i32.const 1))))
    (local.set $hiX (f64.convert_i32_s (i32.sub (i32.const 32) (i32.clz (local.get $cols)))))
    (local.set $loY (f64.convert_i32_s (i32.sub (local.get $y1) (i32.const 1))))
    (local.set $hiY (f64.convert_i32_s (i32.add (local.get $y2) (i32.const 1))))
    (local.set $LOX (f64x2.splat (local.get $loX)))
    (local.set $HIX (f64x2.splat (local.get $hiX)))
    (local.set $LOY (f64x2.splat (local.get $loY)))
    (local.set $HIY (f64x2.splat (local.get $hiY)))
    (local.set $SGNX (f64x2.splat (local.get $signX)))
    (local.set $SGNY (f64x2.splat (local.get $signY)))
    (local.set $step (f64x2.replace_lane 1 (f64x2.splat (local.get $a)) (local.get $d)))

    (local.set $y (i32.const 0))
    (loop $rows
      ;; 2. The row's affine source points, as the spec makes them: (bx, by) at x = 0 from
      ;;    −c·a + b·ry + c + tx (c = 13.5, ry = y − c, left to right), then + (a, d) per step.
      (local.set $ry (f64.sub (f64.convert_i32_s (local.get $y)) (f64.const 13.5)))
      (local.set $acc (f64x2.replace_lane 1
        (f64x2.splat (f64.add (f64.add (f64.add (f64.mul (f64.const -13.5) (local.get $a)) (f64.mul (local.get $b) (local.get $ry))) (f64.const 13.5)) (local.get $tx)))
        (f64.add (f64.add (f64.add (f64.mul (f64.const -13.5) (local.get $d)) (f64.mul (local.get $e) (local.get $ry))) (f64.const 13.5)) (local.get $ty))))
      (local.set $x (i32.const 0))
      (loop $coords
        (local.set $p (i32.shl (local.get $x) (i32.const 3)))
        (v128.store64_lane offset=1024 0 (local.get $p) (local.get $acc))
        (v128.store64_lane offset=1280 1 (local.get $p) (local.get $acc))
        (local.set $acc (f64x2.add (local.get $acc) (local.get $step)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $coords (i32.lt_u (local.get $x) (i32.const 28))))
      (local.set $p (i32.add (local.get $dst) (i32.mul (local.get $y) (i32.const 28))))
      (if (i32.or
            (i32.or
              (f64.le (f64.add (f64.max (f64.load offset=1024 (i32.const 0)) (f64.load offset=1240 (i32.const 0))) (local.get $mfx)) (local.get $loX))
              (f64.ge (f64.sub (f64.min (f64.load offset=1024 (i32.const 0)) (f64.load offset=1240 (i32.const 0))) (local.get $mfx)) (local.get $hiX)))
            (i32.or
              (f64.le (f64.add (f64.max (f64.load offset=1280 (i32.const 0)) (f64.load offset=1496 (i32.const 0))) (local.get $mfy)) (local.get $loY))
              (f64.ge (f64.sub (f64.min (f64.load offset=1280 (i32.const 0)) (f64.load offset=1496 (i32.const 0))) (local.get $mfy)) (local.get $hiY))))
        (then
          ;; No point of this row can see ink.
          (v128.store offset=0 (local.get $p) (v128.const i64x2 0 0))
          (v128.store offset=12 (local.get $p) (v128.const i64x2 0 0)))
        (else
          (local.set $x (i32.const 0))
          (loop $pairs
            ;; 3. Pixels p and p + 1 (x even; a row has 28, so a pair never spans two rows).
            ;;    sx = bx + signX·fieldX[p], sy = by + signY·fieldY[p] (float32 → float64 exactly).
            (local.set $p (i32.add (i32.mul (local.get $y) (i32.const 28)) (local.get $x)))
            (local.set $i0 (i32.shl (local.get $x) (i32.const 3)))
            (local.set $i1 (i32.shl (local.get $p) (i32.const 2)))
            (local.set $SX (f64x2.add (v128.load offset=1024 (local.get $i0))
              (f64x2.mul (local.get $SGNX) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $fx) (local.get $i1)))))))
            (local.set $SY (f64x2.add (v128.load offset=1280 (local.get $i0))
              (f64x2.mul (local.get $SGNY) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $fy) (local.get $i1)))))))
            (local.set $M (v128.and
              (v128.and (f64x2.gt (local.get $SX) (local.get $LOX)) (f64x2.lt (local.get $SX) (local.get $HIX)))
              (v128.and (f64x2.gt (local.get $SY) (local.get $LOY)) (f64x2.lt (local.get $SY) (local.get $HIY)))))
            (if (v128.any_true (local.get $M))
              (then
                ;; 4. Padded column cx = trunc(sx + 1) = floor(sx) + 1 and u = (sx + 1) − cx, as the
                ;;    spec. A lane outside the box is clamped to [0, 29] first, only so its
                ;;    reads stay inside the padded buffer; its result is masked to 0 below.
                (local.set $TX (f64x2.add (local.get $SX) (f64x2.splat (f64.const 1))))
                (local.set $TY (f64x2.add (local.get $SY) (f64x2.splat (f64.const 1))))
                (local.set $CX (i32x4.trunc_sat_f64x2_s_zero
                  (f64x2.pmax (f64x2.splat (f64.const 0)) (f64x2.pmin (f64x2.splat (f64.const 29)) (local.get $TX)))))
                (local.set $CY (i32x4.trunc_sat_f64x2_s_zero
                  (f64x2.pmax (f64x2.splat (f64.const 0)) (f64x2.pmin (f64x2.splat (f64.const 29)) (local.get $TY)))))
                (local.set $U (f64x2.sub (local.get $TX) (f64x2.convert_low_i32x4_s (local.get $CX))))
                (local.set $V (f64x2.sub (local.get $TY) (f64x2.convert_low_i32x4_s (local.get $CY))))
                ;; 5. The four neighbours of each point, i = 30·cy + cx: P[i], P[i+1] (one
                ;;    16-bit load) and P[i+30], P[i+31]. G's bytes: p00 p10 p01 p11 of pixel p,
                ;;    then of pixel p + 1.
                (local.set $CX (i32x4.add (i32x4.mul (local.get $CY) (i32x4.splat (i32.const 30))) (local.get $CX)))
                (local.set $i0 (i32x4.extract_lane 0 (local.get $CX)))
                (local.set $i1 (i32x4.extract_lane 1 (local.get $CX)))
                (local.set $G (v128.load16_lane 0 (local.get $i0) (v128.const i64x2 0 0)))
                (local.set $G (v128.load16_lane offset=30 1 (local.get $i0) (local.get $G)))
                (local.set $G (v128.load16_lane 2 (local.get $i1) (local.get $G)))
                (local.set $G (v128.load16_lane offset=30 3 (local.get $i1) (local.get $G)))
                ;; As int32 lanes (byte 16 of the second operand is a zero): A0 = (p00, p00'),
                ;; A1 = (p01, p01'), and the differences p10 − p00, p11 − p01 (exact in int32).
                (local.set $A0 (i8x16.shuffle 0 16 16 16 4 16 16 16 16 16 16 16 16 16 16 16 (local.get $G) (v128.const i64x2 0 0)))
                (local.set $A1 (i8x16.shuffle 2 16 16 16 6 16 16 16 16 16 16 16 16 16 16 16 (local.get $G) (v128.const i64x2 0 0)))
                ;; 6. top = p00 + u·(p10 − p00), bottom = p01 + u·(p11 − p01),
                ;;    value = top + v·(bottom − top) + 0.5, truncated: the spec's order exactly.
                (local.set $TOP (f64x2.add (f64x2.convert_low_i32x4_s (local.get $A0))
                  (f64x2.mul (local.get $U) (f64x2.convert_low_i32x4_s (i32x4.sub
                    (i8x16.shuffle 1 16 16 16 5 16 16 16 16 16 16 16 16 16 16 16 (local.get $G) (v128.const i64x2 0 0))
                    (local.get $A0))))))
                (local.set $BOT (f64x2.add (f64x2.convert_low_i32x4_s (local.get $A1))
                  (f64x2.mul (local.get $U) (f64x2.convert_low_i32x4_s (i32x4.sub
                    (i8x16.shuffle 3 16 16 16 7 16 16 16 16 16 16 16 16 16 16 16 (local.get $G) (v128.const i64x2 0 0))
                    (local.get $A1))))))
                (local.set $R (f64x2.add
                  (f64x2.add (local.get $TOP) (f64x2.mul (local.get $V) (f64x2.sub (local.get $BOT) (local.get $TOP))))
                  (f64x2.splat (f64.const 0.5))))
                (local.set $R (i32x4.trunc_sat_f64x2_s_zero (v128.and (local.get $R) (local.get $M))))
                (local.set $R (i16x8.narrow_i32x4_s (local.get $R) (local.get $R)))
                (v128.store16_lane 0 (i32.add (local.get $dst) (local.get $p)) (i8x16.narrow_i16x8_u (local.get $R) (local.get $R))))
              (else
                (i32.store16 (i32.add (local.get $dst) (local.get $p)) (i32.const 0))))
            (local.set $x (i32.add (local.get $x) (i32.const 2)))
            (br_if $pairs (i32.lt_u (local.get $x) (i32.const 28))))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (i32.const 28)))))
)
