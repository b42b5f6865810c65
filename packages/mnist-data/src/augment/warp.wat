;; The arithmetic of augmentImages, by hand in WebAssembly SIMD: `warp`, the bilinear resampler
;; of warp.ts (`Warper.warp`, the spec), `ink_budget` (ink.ts) and `smooth` (at the end), the
;; Gaussian smoothing of the elastic fields. Assembled by scripts/build-wasm.mjs into warp-wasm.ts (committed; a test
;; keeps it current).
;;
;; It gives the same bytes as the spec, not just close ones. Every output pixel that can see ink
;; is computed with the spec's float64 operations in the spec's order (f64x2 lanes are IEEE
;; float64 like JavaScript's numbers, and neither side fuses a multiply-add), two pixels per
;; vector. Every other pixel is 0 in both: bilinear interpolation of four zero neighbours is
;; 0 + u·0 = 0 exactly, so a pixel may be skipped whenever its four neighbours are provably
;; blank. The skips, cheapest first:
;;   - a blank image: all zeros;
;;   - a row whose source points all miss the ink's bounding box: with bx(x) the row's affine
;;     source x (monotone in x, since it is built by adding a again and again and rounding is
;;     monotone) and |f| ≤ mfx the field's largest magnitude, every sx = fl(bx + ±f) lies in
;;     [fl(min bx − mfx), fl(max bx + mfx)] (rounding is monotone), and likewise for y;
;;   - a pair of pixels that both fail the spec's own test (loX < sx < hiX, loY < sy < hiY).
;; (Tried and dropped, as slower here: a table of blank cells to skip more pairs, and deciding a
;; whole row's pairs before interpolating any; the work per pair is what costs, not branches.)
;;
;; Memory layout (byte addresses; warp-fast.ts lays out the rest):
;;   0..1023      P: the image with a one-pixel border of zeros, 30×30 (the border and bytes
;;                900.. are never written, so they stay 0)
;;   2048..8319   bx(x, y), float64, 28×28: every pixel's affine source x
;;   8448..14719  by(x, y) likewise
;;   14848..14943 constants (the data segment below)
;; The caller guarantees `src` (784 bytes), `dst` (784 bytes), `fx` and `fy` (784 float32 each).
(module
  (memory (export "memory") 1)
  ;; Constants the pixel loop loads (V8 would rematerialise them from immediates every pair):
  ;; 1.0, 0.5, 30.0, 2^52 (float64 pairs), 0xffff (int32 × 4), (−1, 1) (int16 × 8).
  (data (i32.const 14848)
    "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\f0\3f" ;; ONE
    "\00\00\00\00\00\00\e0\3f\00\00\00\00\00\00\e0\3f" ;; HALF
    "\00\00\00\00\00\00\3e\40\00\00\00\00\00\00\3e\40" ;; THIRTY
    "\00\00\00\00\00\00\30\43\00\00\00\00\00\00\30\43" ;; TWO52
    "\ff\ff\00\00\ff\ff\00\00\ff\ff\00\00\ff\ff\00\00" ;; LOW16
    "\ff\ff\01\00\ff\ff\01\00\ff\ff\01\00\ff\ff\01\00" ;; DIFF
  )

  ;; The spec's affine source point of (0, y): (−c·a + b·ry + c + tx, −c·d + e·ry + c + ty),
  ;; c = 13.5, ry = y − c, evaluated left to right as JavaScript does.
  (func $rowStart (param $y i32) (param $a f64) (param $b f64) (param $d f64) (param $e f64) (param $tx f64) (param $ty f64) (result v128)
    (local $ry f64)
    (local.set $ry (f64.sub (f64.convert_i32_s (local.get $y)) (f64.const 13.5)))
    (f64x2.replace_lane 1
      (f64x2.splat (f64.add (f64.add (f64.add (f64.mul (f64.const -13.5) (local.get $a)) (f64.mul (local.get $b) (local.get $ry))) (f64.const 13.5)) (local.get $tx)))
      (f64.add (f64.add (f64.add (f64.mul (f64.const -13.5) (local.get $d)) (f64.mul (local.get $e) (local.get $ry))) (f64.const 13.5)) (local.get $ty))))

  (func (export "warp")
    (param $src i32) (param $dst i32)
    (param $a f64) (param $b f64) (param $d f64) (param $e f64) (param $tx f64) (param $ty f64)
    (param $fx i32) (param $fy i32) (param $signX f64) (param $signY f64) (param $mfx f64) (param $mfy f64)
    (local $y i32) (local $x i32) (local $p i32) (local $g i32) (local $i0 i32) (local $i1 i32)
    (local $y1 i32) (local $y2 i32) (local $cols i32)
    (local $lo v128) (local $hi v128) (local $colLo v128) (local $colHi v128)
    (local $loX f64) (local $hiX f64) (local $loY f64) (local $hiY f64)
    (local $LOX v128) (local $HIX v128) (local $LOY v128) (local $HIY v128)
    (local $SGNX v128) (local $SGNY v128) (local $step v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $SX v128) (local $SY v128) (local $M v128) (local $TX v128) (local $TY v128)
    (local $CX v128) (local $CY v128) (local $U v128) (local $V v128) (local $G v128)
    (local $A0 v128) (local $A1 v128) (local $TOP v128) (local $BOT v128) (local $R v128)

    ;; 1. Copy the image into P (row y → row y + 1, column x → x + 1) as two overlapping 16-byte
    ;;    halves (columns 0..15 and 12..27), and find the ink's bounding box: rows from
    ;;    any_true, columns from the OR of all rows.
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

    ;; 3. Every pixel's affine source point, as the spec makes it: $rowStart at x = 0, then
    ;;    + (a, d) per step. Four rows at once, so their four chains of additions overlap.
    (local.set $y (i32.const 0))
    (loop $rowGroups
      (local.set $acc0 (call $rowStart (local.get $y) (local.get $a) (local.get $b) (local.get $d) (local.get $e) (local.get $tx) (local.get $ty)))
      (local.set $acc1 (call $rowStart (i32.add (local.get $y) (i32.const 1)) (local.get $a) (local.get $b) (local.get $d) (local.get $e) (local.get $tx) (local.get $ty)))
      (local.set $acc2 (call $rowStart (i32.add (local.get $y) (i32.const 2)) (local.get $a) (local.get $b) (local.get $d) (local.get $e) (local.get $tx) (local.get $ty)))
      (local.set $acc3 (call $rowStart (i32.add (local.get $y) (i32.const 3)) (local.get $a) (local.get $b) (local.get $d) (local.get $e) (local.get $tx) (local.get $ty)))
      ;; (x, y) is at byte 8·(28·y + x) of each grid; a row is 224 bytes.
      (local.set $p (i32.mul (local.get $y) (i32.const 224)))
      (local.set $x (i32.const 0))
      (loop $coords
        (v128.store64_lane offset=2048 0 (local.get $p) (local.get $acc0))
        (v128.store64_lane offset=8448 1 (local.get $p) (local.get $acc0))
        (v128.store64_lane offset=2272 0 (local.get $p) (local.get $acc1))
        (v128.store64_lane offset=8672 1 (local.get $p) (local.get $acc1))
        (v128.store64_lane offset=2496 0 (local.get $p) (local.get $acc2))
        (v128.store64_lane offset=8896 1 (local.get $p) (local.get $acc2))
        (v128.store64_lane offset=2720 0 (local.get $p) (local.get $acc3))
        (v128.store64_lane offset=9120 1 (local.get $p) (local.get $acc3))
        (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $step)))
        (local.set $acc1 (f64x2.add (local.get $acc1) (local.get $step)))
        (local.set $acc2 (f64x2.add (local.get $acc2) (local.get $step)))
        (local.set $acc3 (f64x2.add (local.get $acc3) (local.get $step)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $coords (i32.lt_u (local.get $x) (i32.const 28))))
      (local.set $y (i32.add (local.get $y) (i32.const 4)))
      (br_if $rowGroups (i32.lt_u (local.get $y) (i32.const 28))))

    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $g (i32.mul (local.get $y) (i32.const 224)))
      (local.set $p (i32.add (local.get $dst) (i32.mul (local.get $y) (i32.const 28))))
      (if (i32.or
            (i32.or
              (f64.le (f64.add (f64.max (f64.load offset=2048 (local.get $g)) (f64.load offset=2264 (local.get $g))) (local.get $mfx)) (local.get $loX))
              (f64.ge (f64.sub (f64.min (f64.load offset=2048 (local.get $g)) (f64.load offset=2264 (local.get $g))) (local.get $mfx)) (local.get $hiX)))
            (i32.or
              (f64.le (f64.add (f64.max (f64.load offset=8448 (local.get $g)) (f64.load offset=8664 (local.get $g))) (local.get $mfy)) (local.get $loY))
              (f64.ge (f64.sub (f64.min (f64.load offset=8448 (local.get $g)) (f64.load offset=8664 (local.get $g))) (local.get $mfy)) (local.get $hiY))))
        (then
          ;; No point of this row can see ink.
          (v128.store offset=0 (local.get $p) (v128.const i64x2 0 0))
          (v128.store offset=12 (local.get $p) (v128.const i64x2 0 0)))
        (else
          (local.set $x (i32.const 0))
          (loop $pairs
            ;; 4. Pixels p and p + 1 (x even; a row has 28, so a pair never spans two rows).
            ;;    sx = bx + signX·fieldX[p], sy = by + signY·fieldY[p] (float32 → float64 exactly).
            (local.set $p (i32.add (i32.mul (local.get $y) (i32.const 28)) (local.get $x)))
            (local.set $i0 (i32.shl (local.get $p) (i32.const 3)))
            (local.set $i1 (i32.shl (local.get $p) (i32.const 2)))
            (local.set $SX (f64x2.add (v128.load offset=2048 (local.get $i0))
              (f64x2.mul (local.get $SGNX) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $fx) (local.get $i1)))))))
            (local.set $SY (f64x2.add (v128.load offset=8448 (local.get $i0))
              (f64x2.mul (local.get $SGNY) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $fy) (local.get $i1)))))))
            (local.set $M (v128.and
              (v128.and (f64x2.gt (local.get $SX) (local.get $LOX)) (f64x2.lt (local.get $SX) (local.get $HIX)))
              (v128.and (f64x2.gt (local.get $SY) (local.get $LOY)) (f64x2.lt (local.get $SY) (local.get $HIY)))))
            (i32.store16 (i32.add (local.get $dst) (local.get $p)) (i32.const 0))
            (if (v128.any_true (local.get $M))
              (then
                ;; 5. Padded column cx = trunc(sx + 1) = floor(sx + 1) (sx > −1 in the box) and
                ;;    u = (sx + 1) − cx, as the spec. A lane outside the box reads at 0 instead
                ;;    (only so its reads stay inside P); its result is masked to 0 below.
                (local.set $TX (f64x2.add (local.get $SX) (v128.load offset=14848 (i32.const 0))))
                (local.set $TY (f64x2.add (local.get $SY) (v128.load offset=14848 (i32.const 0))))
                (local.set $CX (f64x2.floor (v128.and (local.get $TX) (local.get $M))))
                (local.set $CY (f64x2.floor (v128.and (local.get $TY) (local.get $M))))
                (local.set $U (f64x2.sub (local.get $TX) (local.get $CX)))
                (local.set $V (f64x2.sub (local.get $TY) (local.get $CY)))
                ;; i = 30·cy + cx (the padded index of the top-left neighbour), an exact small
                ;; integer; + 2^52 puts it in the low bits of the float64's pattern, where int32
                ;; lanes 0 and 2 read it.
                (local.set $G (f64x2.add (f64x2.add (f64x2.mul (local.get $CY) (v128.load offset=14880 (i32.const 0))) (local.get $CX)) (v128.load offset=14896 (i32.const 0))))
                (local.set $i0 (i32x4.extract_lane 0 (local.get $G)))
                (local.set $i1 (i32x4.extract_lane 2 (local.get $G)))
                ;; 6. The four neighbours: P[i], P[i+1] (one 16-bit load) and P[i+30],
                ;;    P[i+31]. As int16 lanes, G = p00 p10 p00' p10' p01 p11 p01' p11'
                ;;    (primes: pixel p + 1).
                (local.set $G (v128.load16_lane 0 (local.get $i0) (v128.const i64x2 0 0)))
                (local.set $G (v128.load16_lane 1 (local.get $i1) (local.get $G)))
                (local.set $G (v128.load16_lane offset=30 2 (local.get $i0) (local.get $G)))
                (local.set $G (i16x8.extend_low_i8x16_u (v128.load16_lane offset=30 3 (local.get $i1) (local.get $G))))
                ;; As int32 lanes: A0 = (p00, p00', p01, p01') and the differences
                ;; A1 = (p10 − p00, p10' − p00', p11 − p01, p11' − p01') (exact).
                (local.set $A0 (v128.and (local.get $G) (v128.load offset=14912 (i32.const 0))))
                (local.set $A1 (i32x4.dot_i16x8_s (local.get $G) (v128.load offset=14928 (i32.const 0))))
                ;; 7. top = p00 + u·(p10 − p00), bottom = p01 + u·(p11 − p01),
                ;;    value = top + v·(bottom − top) + 0.5, truncated: the spec's order exactly.
                (local.set $TOP (f64x2.add (f64x2.convert_low_i32x4_s (local.get $A0))
                  (f64x2.mul (local.get $U) (f64x2.convert_low_i32x4_s (local.get $A1)))))
                (local.set $BOT (f64x2.add (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $A0) (local.get $A0)))
                  (f64x2.mul (local.get $U) (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $A1) (local.get $A1))))))
                (local.set $R (f64x2.add
                  (f64x2.add (local.get $TOP) (f64x2.mul (local.get $V) (f64x2.sub (local.get $BOT) (local.get $TOP))))
                  (v128.load offset=14864 (i32.const 0))))
                ;; truncation = floor (value ≥ 0.5), then + 2^52 puts it in the low byte of the pattern.
                (local.set $R (f64x2.add (f64x2.floor (v128.and (local.get $R) (local.get $M))) (v128.load offset=14896 (i32.const 0))))
                (v128.store8_lane 0 (i32.add (local.get $dst) (local.get $p)) (local.get $R))
                (v128.store8_lane offset=1 8 (i32.add (local.get $dst) (local.get $p)) (local.get $R))))
            (local.set $x (i32.add (local.get $x) (i32.const 2)))
            (br_if $pairs (i32.lt_u (local.get $x) (i32.const 28))))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (i32.const 28)))))

  ;; ink.ts's budget (applyInkBudget, the spec): the distortion at $dst keeps at most as many
  ;; nonzero pixels as the original at $src. The spec's cut t is the smallest value in 1..255 with
  ;; count(≥ t) ≤ n0 (255 if none); count(≥ t) falls as t rises, so it is found by halving the
  ;; interval (lo, hi] with count(≥ lo) > n0 ≥ count(≥ hi), from (1, 256] (count(≥ 256) = 0): eight
  ;; counts of 49 vectors instead of a histogram's 784 scalar steps.
  (func $countAtLeast (param $p i32) (param $t i32) (result i32)
    (local $T v128) (local $acc v128) (local $end i32)
    (local.set $T (i8x16.splat (local.get $t)))
    (local.set $end (i32.add (local.get $p) (i32.const 784)))
    (loop $v
      ;; ge_u gives −1 in a lane where true, so subtracting it counts; a lane counts ≤ 49 < 256.
      (local.set $acc (i8x16.sub (local.get $acc) (i8x16.ge_u (v128.load (local.get $p)) (local.get $T))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $v (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $acc (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  (func (export "ink_budget") (param $src i32) (param $dst i32)
    (local $n0 i32) (local $lo i32) (local $hi i32) (local $mid i32) (local $T v128) (local $p i32) (local $v v128)
    (local.set $n0 (call $countAtLeast (local.get $src) (i32.const 1)))
    (if (i32.le_u (call $countAtLeast (local.get $dst) (i32.const 1)) (local.get $n0)) (then (return)))
    (local.set $lo (i32.const 1))
    (local.set $hi (i32.const 256))
    (loop $halve
      (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
      (if (i32.le_u (call $countAtLeast (local.get $dst) (local.get $mid)) (local.get $n0))
        (then (local.set $hi (local.get $mid)))
        (else (local.set $lo (local.get $mid))))
      (br_if $halve (i32.gt_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 1))))
    ;; t = min(hi, 255); out = out where out ≥ t, else 0.
    (local.set $T (i8x16.splat (select (i32.const 255) (local.get $hi) (i32.gt_u (local.get $hi) (i32.const 255)))))
    (local.set $p (local.get $dst))
    (loop $cut
      (local.set $v (v128.load (local.get $p)))
      (v128.store (local.get $p) (v128.and (local.get $v) (i8x16.ge_u (local.get $v) (local.get $T))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $cut (i32.lt_u (local.get $p) (i32.add (local.get $dst) (i32.const 784))))))

  ;; elastic.ts's smoothing (GaussianSmoother.smooth in gaussian.ts, the spec) of one 28×28 field,
  ;; with the spec's bytes: out = g ⊛ (g ⊛ field along x) along y, 'reflect' edges, each sum
  ;; s = 0 + g[0]·v[0] + g[1]·v[1] + … in float64, taps in the spec's order, two outputs per
  ;; vector. The reflections are made once into padded copies, so a tap is one contiguous load:
  ;;   rpad[j] = field[y, idx[j]] (one row at a time), then tmp[y, x] = Σ_k g[k]·rpad[x + k];
  ;;   tpad[j] = tmp[idx[j]], then out[y, x] = Σ_k g[k]·tpad[y + k, x],
  ;; where idx[j] = reflectIndex(j − r, 28), j = 0..27 + 2r, r = (w − 1)/2, w taps. out is float64:
  ;; the caller stores it into float32 as the spec does.
  (func (export "smooth")
    (param $field i32) (param $out i32) (param $g i32) (param $w i32) (param $idx i32) (param $rpad i32) (param $tpad i32)
    (local $r i32) (local $n i32) (local $y i32) (local $x i32) (local $j i32) (local $k i32) (local $at i32) (local $acc v128)
    (local.set $r (i32.shr_u (i32.sub (local.get $w) (i32.const 1)) (i32.const 1)))
    (local.set $n (i32.add (local.get $w) (i32.const 27)))
    ;; Along x, one row at a time, into rows r..r+27 of tpad.
    (local.set $y (i32.const 0))
    (loop $rows1
      (local.set $j (i32.const 0))
      (loop $pad
        (f64.store (i32.add (local.get $rpad) (i32.shl (local.get $j) (i32.const 3)))
          (f64.load (i32.add (local.get $field) (i32.shl (i32.add (i32.mul (local.get $y) (i32.const 28))
            (i32.load (i32.add (local.get $idx) (i32.shl (local.get $j) (i32.const 2))))) (i32.const 3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $pad (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $x (i32.const 0))
      (loop $xs1
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $at (i32.add (local.get $rpad) (i32.shl (local.get $x) (i32.const 3))))
        (local.set $k (i32.const 0))
        (loop $taps1
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load64_splat (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 3)))) (v128.load (local.get $at)))))
          (local.set $at (i32.add (local.get $at) (i32.const 8)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $taps1 (i32.lt_u (local.get $k) (local.get $w))))
        (v128.store (i32.add (local.get $tpad) (i32.shl (i32.add (i32.mul (i32.add (local.get $r) (local.get $y)) (i32.const 28)) (local.get $x)) (i32.const 3)))
          (local.get $acc))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br_if $xs1 (i32.lt_u (local.get $x) (i32.const 28))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows1 (i32.lt_u (local.get $y) (i32.const 28))))
    ;; The reflected rows of tpad: row j (outside r..r+27) is a copy of row r + idx[j].
    (local.set $j (i32.const 0))
    (loop $padRows
      (if (i32.or (i32.lt_u (local.get $j) (local.get $r)) (i32.ge_u (local.get $j) (i32.add (local.get $r) (i32.const 28))))
        (then
          (memory.copy
            (i32.add (local.get $tpad) (i32.mul (local.get $j) (i32.const 224)))
            (i32.add (local.get $tpad) (i32.mul (i32.add (local.get $r) (i32.load (i32.add (local.get $idx) (i32.shl (local.get $j) (i32.const 2))))) (i32.const 224)))
            (i32.const 224))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $padRows (i32.lt_u (local.get $j) (local.get $n))))
    ;; Along y.
    (local.set $y (i32.const 0))
    (loop $rows2
      (local.set $x (i32.const 0))
      (loop $xs2
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $at (i32.add (local.get $tpad) (i32.shl (i32.add (i32.mul (local.get $y) (i32.const 28)) (local.get $x)) (i32.const 3))))
        (local.set $k (i32.const 0))
        (loop $taps2
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load64_splat (i32.add (local.get $g) (i32.shl (local.get $k) (i32.const 3)))) (v128.load (local.get $at)))))
          (local.set $at (i32.add (local.get $at) (i32.const 224)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $taps2 (i32.lt_u (local.get $k) (local.get $w))))
        (v128.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $y) (i32.const 28)) (local.get $x)) (i32.const 3)))
          (local.get $acc))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br_if $xs2 (i32.lt_u (local.get $x) (i32.const 28))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows2 (i32.lt_u (local.get $y) (i32.const 28)))))
)
