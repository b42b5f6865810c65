;; The wasm-simd kernels, by hand: f32x4 SIMD over the columns of row-major float32 matrices.
;; Assembled by scripts/build-wasm.mjs into kernels-wasm.ts (committed; a test keeps it current).
;;
;; All pointers are byte addresses into the one shared memory; counts are elements. Callers
;; guarantee at least 64 readable bytes after every array (the heap leaves that slack), because a
;; row whose width is not a multiple of 16 ends with one sweep of 4 full-width vector loads of
;; which only the valid lanes are stored. No function allocates or validates.
;;
;; The core idea, used by every product below: a row of the output is a linear combination of
;; rows of a right-hand matrix, out[i,:] = init[:] + Σ_e s_e·R[t_e,:]. A "list" holds the pairs
;; (byte offset of row t_e, coefficient s_e) as (i32, f32), 8 bytes each; list builders drop the
;; zero coefficients (about 80% of MNIST pixels, about half of the ReLU outputs), so sparse
;; inputs cost only their nonzeros. `$comb` then sweeps the columns 24 at a time in 6 registers.
(module
  (import "env" "memory" (memory 1 32768 shared))

  ;; dst[0..nb) = init[0..nb) + Σ_e s_e·base[rowOff_e + (0..nb)], nb in bytes (a multiple of 4).
  ;; dst may equal init. Columns go 24 at a time (6 accumulators: with the 6 loads and the
  ;; broadcast coefficient that is 13 of the 15 xmm registers V8 hands out, so nothing spills),
  ;; then 16, then one last sweep of up to 16 that stores only the valid lanes (its loads may
  ;; read up to 60 bytes past a row: the heap leaves that slack).
  (func $comb (param $list i32) (param $lend i32) (param $base i32) (param $init i32) (param $dst i32) (param $nb i32)
    (local $c i32) (local $e i32) (local $src i32) (local $s v128) (local $r i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (block $end24
      (loop $chunk24
        (br_if $end24 (i32.gt_u (i32.add (local.get $c) (i32.const 96)) (local.get $nb)))
        (local.set $src (i32.add (local.get $init) (local.get $c)))
        (local.set $a0 (v128.load offset=0 (local.get $src)))
        (local.set $a1 (v128.load offset=16 (local.get $src)))
        (local.set $a2 (v128.load offset=32 (local.get $src)))
        (local.set $a3 (v128.load offset=48 (local.get $src)))
        (local.set $a4 (v128.load offset=64 (local.get $src)))
        (local.set $a5 (v128.load offset=80 (local.get $src)))
        (local.set $e (local.get $list))
        (block $done
          (loop $entry
            (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
            (local.set $src (i32.add (i32.add (local.get $base) (local.get $c)) (i32.load (local.get $e))))
            (local.set $s (v128.load32_splat offset=4 (local.get $e)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $src)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $src)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $src)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $src)))))
            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $src)))))
            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (v128.load offset=80 (local.get $src)))))
            (local.set $e (i32.add (local.get $e) (i32.const 8)))
            (br $entry)))
        (local.set $src (i32.add (local.get $dst) (local.get $c)))
        (v128.store offset=0 (local.get $src) (local.get $a0))
        (v128.store offset=16 (local.get $src) (local.get $a1))
        (v128.store offset=32 (local.get $src) (local.get $a2))
        (v128.store offset=48 (local.get $src) (local.get $a3))
        (v128.store offset=64 (local.get $src) (local.get $a4))
        (v128.store offset=80 (local.get $src) (local.get $a5))
        (local.set $c (i32.add (local.get $c) (i32.const 96)))
        (br $chunk24)))
    (block $end16
      (loop $chunk16
        (br_if $end16 (i32.gt_u (i32.add (local.get $c) (i32.const 64)) (local.get $nb)))
        (local.set $src (i32.add (local.get $init) (local.get $c)))
        (local.set $a0 (v128.load offset=0 (local.get $src)))
        (local.set $a1 (v128.load offset=16 (local.get $src)))
        (local.set $a2 (v128.load offset=32 (local.get $src)))
        (local.set $a3 (v128.load offset=48 (local.get $src)))
        (local.set $e (local.get $list))
        (block $done
          (loop $entry
            (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
            (local.set $src (i32.add (i32.add (local.get $base) (local.get $c)) (i32.load (local.get $e))))
            (local.set $s (v128.load32_splat offset=4 (local.get $e)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $src)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $src)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $src)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $src)))))
            (local.set $e (i32.add (local.get $e) (i32.const 8)))
            (br $entry)))
        (local.set $src (i32.add (local.get $dst) (local.get $c)))
        (v128.store offset=0 (local.get $src) (local.get $a0))
        (v128.store offset=16 (local.get $src) (local.get $a1))
        (v128.store offset=32 (local.get $src) (local.get $a2))
        (v128.store offset=48 (local.get $src) (local.get $a3))
        (local.set $c (i32.add (local.get $c) (i32.const 64)))
        (br $chunk16)))
    (block $endrest
      (loop $chunkrest
        (br_if $endrest (i32.ge_u (local.get $c) (local.get $nb)))
        (local.set $src (i32.add (local.get $init) (local.get $c)))
        (local.set $a0 (v128.load offset=0 (local.get $src)))
        (local.set $a1 (v128.load offset=16 (local.get $src)))
        (local.set $a2 (v128.load offset=32 (local.get $src)))
        (local.set $a3 (v128.load offset=48 (local.get $src)))
        (local.set $e (local.get $list))
        (block $done
          (loop $entry
            (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
            (local.set $src (i32.add (i32.add (local.get $base) (local.get $c)) (i32.load (local.get $e))))
            (local.set $s (v128.load32_splat offset=4 (local.get $e)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $src)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $src)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $src)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $src)))))
            (local.set $e (i32.add (local.get $e) (i32.const 8)))
            (br $entry)))
        (local.set $src (i32.add (local.get $dst) (local.get $c)))
        (local.set $r (i32.sub (local.get $nb) (local.get $c)))
        (call $store_lanes (i32.add (local.get $src) (i32.const 0)) (local.get $a0) (i32.sub (local.get $r) (i32.const 0)))
        (call $store_lanes (i32.add (local.get $src) (i32.const 16)) (local.get $a1) (i32.sub (local.get $r) (i32.const 16)))
        (call $store_lanes (i32.add (local.get $src) (i32.const 32)) (local.get $a2) (i32.sub (local.get $r) (i32.const 32)))
        (call $store_lanes (i32.add (local.get $src) (i32.const 48)) (local.get $a3) (i32.sub (local.get $r) (i32.const 48)))
        (local.set $c (i32.add (local.get $c) (i32.const 64)))
        (br $chunkrest))))

  ;; Store the first r bytes (r <= 0: none, r >= 16: all) of v at dst, lane by lane.
  (func $store_lanes (param $dst i32) (param $v v128) (param $r i32)
    (if (i32.ge_s (local.get $r) (i32.const 16)) (then (v128.store (local.get $dst) (local.get $v)) (return)))
    (if (i32.gt_s (local.get $r) (i32.const 0)) (then (f32.store offset=0 (local.get $dst) (f32x4.extract_lane 0 (local.get $v)))))
    (if (i32.gt_s (local.get $r) (i32.const 4)) (then (f32.store offset=4 (local.get $dst) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.gt_s (local.get $r) (i32.const 8)) (then (f32.store offset=8 (local.get $dst) (f32x4.extract_lane 2 (local.get $v))))))

  ;; Entries (idx·rowBytes, scale·p[idx]) for the nonzero bytes of p[0..count), in order: 16
  ;; bytes at a time, a mask of the nonzero lanes, then one entry per set bit, so the ~80% zero
  ;; bytes cost nothing each. (The last block's load may read up to 15 bytes past the row; its
  ;; extra lanes are masked off.) Returns the end of the list.
  (func $nz_row (param $p i32) (param $count i32) (param $rowBytes i32) (param $scale f32) (param $list i32) (result i32)
    (local $blk i32) (local $mask i32) (local $idx i32)
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $blk) (local.get $count)))
      (local.set $mask (i8x16.bitmask (i8x16.ne (v128.load (i32.add (local.get $p) (local.get $blk))) (v128.const i32x4 0 0 0 0))))
      (if (i32.lt_u (i32.sub (local.get $count) (local.get $blk)) (i32.const 16))
        (then (local.set $mask (i32.and (local.get $mask)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $count) (local.get $blk))) (i32.const 1))))))
      (block $bits_done (loop $bits
        (br_if $bits_done (i32.eqz (local.get $mask)))
        (local.set $idx (i32.add (local.get $blk) (i32.ctz (local.get $mask))))
        (i32.store (local.get $list) (i32.mul (local.get $idx) (local.get $rowBytes)))
        (f32.store offset=4 (local.get $list)
          (f32.mul (local.get $scale) (f32.convert_i32_u (i32.load8_u (i32.add (local.get $p) (local.get $idx))))))
        (local.set $list (i32.add (local.get $list) (i32.const 8)))
        (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
        (br $bits)))
      (local.set $blk (i32.add (local.get $blk) (i32.const 16)))
      (br $blocks)))
    (local.get $list))

  ;; List of the nonzero floats a[0], a[stride], ... (stride in bytes): entry (idx·rowBytes, a).
  (func $list_f32 (param $a i32) (param $stride i32) (param $count i32) (param $rowBytes i32) (param $list i32) (result i32)
    (local $end i32) (local $off i32) (local $v f32)
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $v (f32.load (local.get $a)))
        (i32.store (local.get $list) (local.get $off))
        (f32.store offset=4 (local.get $list) (local.get $v))
        (local.set $list (i32.add (local.get $list) (i32.shl (f32.ne (local.get $v) (f32.const 0)) (i32.const 3))))
        (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (br $next)))
    (local.get $list))

  ;; ---- element-wise, on nb bytes: 4 lanes at a time, then scalar for the last 1 to 3 ----

  ;; y = alpha·x + beta·y; beta = 0 never reads y (BLAS's rule, so y may hold garbage).
  (func $axpby_bytes (param $alpha f32) (param $x i32) (param $beta f32) (param $y i32) (param $nb i32)
    (local $i i32) (local $va v128) (local $vb v128) (local $vend i32)
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $vb (f32x4.splat (local.get $beta)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (if (f32.eq (local.get $beta) (f32.const 0))
      (then
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
          (v128.store (i32.add (local.get $y) (local.get $i))
            (f32x4.mul (local.get $va) (v128.load (i32.add (local.get $x) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l)))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
          (f32.store (i32.add (local.get $y) (local.get $i))
            (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $x) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l))))
      (else
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
          (v128.store (i32.add (local.get $y) (local.get $i))
            (f32x4.add (f32x4.mul (local.get $va) (v128.load (i32.add (local.get $x) (local.get $i))))
                       (f32x4.mul (local.get $vb) (v128.load (i32.add (local.get $y) (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l)))
        (block $d (loop $l
          (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
          (f32.store (i32.add (local.get $y) (local.get $i))
            (f32.add (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $x) (local.get $i))))
                     (f32.mul (local.get $beta) (f32.load (i32.add (local.get $y) (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l))))))

  ;; y = beta·y, or zeros when beta = 0 (without reading y).
  (func $scale_bytes (param $y i32) (param $beta f32) (param $nb i32)
    (local $i i32) (local $vb v128) (local $vend i32)
    (local.set $vb (f32x4.splat (local.get $beta)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (if (f32.eq (local.get $beta) (f32.const 0))
      (then (memory.fill (local.get $y) (i32.const 0) (local.get $nb)) (return)))
    (if (f32.eq (local.get $beta) (f32.const 1)) (then (return)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (v128.store (i32.add (local.get $y) (local.get $i))
        (f32x4.mul (local.get $vb) (v128.load (i32.add (local.get $y) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
      (f32.store (i32.add (local.get $y) (local.get $i))
        (f32.mul (local.get $beta) (f32.load (i32.add (local.get $y) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))))

  ;; out = a + v over nb bytes (one row of addRowVector; out may be a).
  (func $add_bytes (param $a i32) (param $v i32) (param $out i32) (param $nb i32)
    (local $i i32) (local $vend i32)
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.add (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $v) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (f32.add (f32.load (i32.add (local.get $a) (local.get $i))) (f32.load (i32.add (local.get $v) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))))

  ;; dst[0..nb) = Σ_r a[r·rowBytes + (0..nb)] over `rows` rows: column sums of a column range.
  ;; 24 columns at a time down all the rows in 6 registers (then 16, then a last partial sweep
  ;; storing only its valid lanes), each column summed from 0 in row order.
  (func $colsum_bytes (param $a i32) (param $rows i32) (param $rowBytes i32) (param $dst i32) (param $nb i32)
    (local $c i32) (local $src i32) (local $end i32) (local $r i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (block $end24 (loop $chunk24
      (br_if $end24 (i32.gt_u (i32.add (local.get $c) (i32.const 96)) (local.get $nb)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0))
      (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $a4 (v128.const i32x4 0 0 0 0))
      (local.set $a5 (v128.const i32x4 0 0 0 0))
      (local.set $src (i32.add (local.get $a) (local.get $c)))
      (block $d (loop $l
        (br_if $d (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (local.get $src))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $src))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $src))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $src))))
        (local.set $a4 (f32x4.add (local.get $a4) (v128.load offset=64 (local.get $src))))
        (local.set $a5 (f32x4.add (local.get $a5) (v128.load offset=80 (local.get $src))))
        (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
        (br $l)))
      (local.set $src (i32.add (local.get $dst) (local.get $c)))
      (v128.store offset=0 (local.get $src) (local.get $a0))
      (v128.store offset=16 (local.get $src) (local.get $a1))
      (v128.store offset=32 (local.get $src) (local.get $a2))
      (v128.store offset=48 (local.get $src) (local.get $a3))
      (v128.store offset=64 (local.get $src) (local.get $a4))
      (v128.store offset=80 (local.get $src) (local.get $a5))
      (local.set $c (i32.add (local.get $c) (i32.const 96)))
      (br $chunk24)))
    (block $endrest (loop $chunkrest
      (br_if $endrest (i32.ge_u (local.get $c) (local.get $nb)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0))
      (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $src (i32.add (local.get $a) (local.get $c)))
      (block $d (loop $l
        (br_if $d (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (local.get $src))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $src))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $src))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $src))))
        (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
        (br $l)))
      (local.set $src (i32.add (local.get $dst) (local.get $c)))
      (local.set $r (i32.sub (local.get $nb) (local.get $c)))
      (call $store_lanes (i32.add (local.get $src) (i32.const 0)) (local.get $a0) (i32.sub (local.get $r) (i32.const 0)))
      (call $store_lanes (i32.add (local.get $src) (i32.const 16)) (local.get $a1) (i32.sub (local.get $r) (i32.const 16)))
      (call $store_lanes (i32.add (local.get $src) (i32.const 32)) (local.get $a2) (i32.sub (local.get $r) (i32.const 32)))
      (call $store_lanes (i32.add (local.get $src) (i32.const 48)) (local.get $a3) (i32.sub (local.get $r) (i32.const 48)))
      (local.set $c (i32.add (local.get $c) (i32.const 64)))
      (br $chunkrest))))

  ;; ---- the exported kernels (see src/kernels.ts for their contracts) ----

;; Σ a_i·b_i over n floats: four lanes of float32 partial sums, then the lanes and the tail.
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $i i32) (local $nb i32) (local $vend i32) (local $acc v128) (local $s f32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $i) (local.get $nb)))
      (local.set $s (f32.add (local.get $s)
        (f32.mul (f32.load (i32.add (local.get $a) (local.get $i))) (f32.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l2)))
    (local.get $s))

  (func (export "axpby") (param $alpha f32) (param $x i32) (param $beta f32) (param $y i32) (param $n i32)
    (call $axpby_bytes (local.get $alpha) (local.get $x) (local.get $beta) (local.get $y) (i32.shl (local.get $n) (i32.const 2))))

  ;; out = max(a, 0); pmax(0, a) = 0 < a ? a : 0 maps NaN and -0 to 0, as the reference does.
  (func (export "relu") (param $a i32) (param $out i32) (param $n i32)
    (local $i i32) (local $nb i32) (local $vend i32) (local $v f32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (f32x4.pmax (v128.const i32x4 0 0 0 0) (v128.load (i32.add (local.get $a) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
      (local.set $v (f32.load (i32.add (local.get $a) (local.get $i))))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (select (local.get $v) (f32.const 0) (f32.gt (local.get $v) (f32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))))

  ;; out = g where z > 0, else 0: a lane mask from the comparison, and-ed with g.
  (func (export "relu_grad") (param $g i32) (param $z i32) (param $out i32) (param $n i32)
    (local $i i32) (local $nb i32) (local $vend i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (v128.store (i32.add (local.get $out) (local.get $i))
        (v128.and (v128.load (i32.add (local.get $g) (local.get $i)))
                  (f32x4.gt (v128.load (i32.add (local.get $z) (local.get $i))) (v128.const i32x4 0 0 0 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
      (f32.store (i32.add (local.get $out) (local.get $i))
        (select (f32.load (i32.add (local.get $g) (local.get $i))) (f32.const 0)
                (f32.gt (f32.load (i32.add (local.get $z) (local.get $i))) (f32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l))))

  (func (export "add_row_vector") (param $a i32) (param $v i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $nb i32)
    (local.set $nb (i32.shl (local.get $cols) (i32.const 2)))
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $rows)))
      (call $add_bytes (local.get $a) (local.get $v) (local.get $out) (local.get $nb))
      (local.set $a (i32.add (local.get $a) (local.get $nb)))
      (local.set $out (i32.add (local.get $out) (local.get $nb)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $l))))

  (func (export "col_sums") (param $a i32) (param $out i32) (param $rows i32) (param $cols i32)
    (call $colsum_bytes (local.get $a) (local.get $rows) (i32.shl (local.get $cols) (i32.const 2))
                        (local.get $out) (i32.shl (local.get $cols) (i32.const 2))))

  ;; dst[c·rows + r] = src[r·cols + c]: turns B [n×k] into Bᵀ [k×n] so A·Bᵀ runs as A·B.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $rows) (i32.const 2)))
    (block $dr (loop $lr
      (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $dc (loop $lc
        (br_if $dc (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $rowBytes)) (i32.shl (local.get $r) (i32.const 2))))
                   (f32.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lc)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $lr))))

  ;; out[m×n] = A·B + beta·out with B [k×n] row-major and A(i,t) at a + 4·(i·sai + t·sat), so
  ;; A or Aᵀ by strides. Row i of out combines the rows of B named by the nonzeros of row i of A.
  ;; `list` is scratch for k + 1 entries.
  (func (export "matmul") (param $a i32) (param $b i32) (param $out i32) (param $m i32) (param $n i32) (param $k i32)
                          (param $sai i32) (param $sat i32) (param $beta f32) (param $list i32)
    (local $i i32) (local $nb i32) (local $lend i32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $sai (i32.shl (local.get $sai) (i32.const 2)))
    (local.set $sat (i32.shl (local.get $sat) (i32.const 2)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $m)))
      (call $scale_bytes (local.get $out) (local.get $beta) (local.get $nb))
      (local.set $lend (call $list_f32 (local.get $a) (local.get $sat) (local.get $k) (local.get $nb) (local.get $list)))
      (call $comb (local.get $list) (local.get $lend) (local.get $b) (local.get $out) (local.get $out) (local.get $nb))
      (local.set $a (i32.add (local.get $a) (local.get $sai)))
      (local.set $out (i32.add (local.get $out) (local.get $nb)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; out[m×n] = A·B for n ≤ 12 (the second layer's z2 = a1·W2: n = 10), A [m×k] with contiguous
  ;; rows, B [k×n]; out's old values are not read (beta = 0). Two rows of out at a time (an odd
  ;; last row is done as a pair with itself), each row's 12 lanes in 3 registers, over every t
  ;; in order: out[i,:] = Σ_t a[i,t]·B[t,:] from +0, the float32 operations of matmul's sparse
  ;; loop. A zero a[i,t] adds ±0, which changes no sum that starts at +0, so the bits are the
  ;; same for finite B; skipping them would need a list, which cost as much as these products
  ;; (about half of a ReLU output is zero). B's rows are read as 48 bytes: up to 8 past each.
  (func (export "matmul_narrow") (param $a i32) (param $b i32) (param $out i32) (param $m i32) (param $n i32) (param $k i32)
    (local $nb i32) (local $rowA i32) (local $i i32) (local $a1 i32) (local $o1 i32) (local $t i32) (local $src i32)
    (local $s v128) (local $s1 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $y0 v128) (local $y1 v128) (local $y2 v128)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      ;; the second row of the pair: row i + 1, or row i again when i is the last
      (local.set $a1 (local.get $a))
      (local.set $o1 (local.get $out))
      (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then
        (local.set $a1 (i32.add (local.get $a) (local.get $rowA)))
        (local.set $o1 (i32.add (local.get $out) (local.get $nb)))))
      (local.set $x0 (v128.const i32x4 0 0 0 0)) (local.set $x1 (v128.const i32x4 0 0 0 0)) (local.set $x2 (v128.const i32x4 0 0 0 0))
      (local.set $y0 (v128.const i32x4 0 0 0 0)) (local.set $y1 (v128.const i32x4 0 0 0 0)) (local.set $y2 (v128.const i32x4 0 0 0 0))
      (local.set $src (local.get $b))
      (local.set $t (i32.const 0))
      (block $t_done (loop $ts
        (br_if $t_done (i32.ge_u (local.get $t) (local.get $rowA)))
        (local.set $b0 (v128.load offset=0 (local.get $src)))
        (local.set $b1 (v128.load offset=16 (local.get $src)))
        (local.set $b2 (v128.load offset=32 (local.get $src)))
        (local.set $s (v128.load32_splat (i32.add (local.get $a) (local.get $t))))
        (local.set $s1 (v128.load32_splat (i32.add (local.get $a1) (local.get $t))))
        (local.set $x0 (f32x4.add (local.get $x0) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $x1 (f32x4.add (local.get $x1) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $x2 (f32x4.add (local.get $x2) (f32x4.mul (local.get $s) (local.get $b2))))
        (local.set $y0 (f32x4.add (local.get $y0) (f32x4.mul (local.get $s1) (local.get $b0))))
        (local.set $y1 (f32x4.add (local.get $y1) (f32x4.mul (local.get $s1) (local.get $b1))))
        (local.set $y2 (f32x4.add (local.get $y2) (f32x4.mul (local.get $s1) (local.get $b2))))
        (local.set $src (i32.add (local.get $src) (local.get $nb)))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $ts)))
      (call $store_lanes (local.get $out) (local.get $x0) (local.get $nb))
      (call $store_lanes (i32.add (local.get $out) (i32.const 16)) (local.get $x1) (i32.sub (local.get $nb) (i32.const 16)))
      (call $store_lanes (i32.add (local.get $out) (i32.const 32)) (local.get $x2) (i32.sub (local.get $nb) (i32.const 32)))
      (call $store_lanes (local.get $o1) (local.get $y0) (local.get $nb))
      (call $store_lanes (i32.add (local.get $o1) (i32.const 16)) (local.get $y1) (i32.sub (local.get $nb) (i32.const 16)))
      (call $store_lanes (i32.add (local.get $o1) (i32.const 32)) (local.get $y2) (i32.sub (local.get $nb) (i32.const 32)))
      (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rowA) (i32.const 1))))
      (local.set $out (i32.add (local.get $out) (i32.shl (local.get $nb) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $rows))))

  ;; Columns [j0, j1) of out[m×n] = (offset + scale·P)·W = offset·colsum(W) + scale·(P·W), for
  ;; bytes P [m×k] and W [k×n]. Row i combines the rows of W at the nonzero pixels of row i.
  ;; P goes 256 rows at a time (a training batch is 64), whose lists are built first; then W goes
  ;; 24 columns at a time: that k×24 panel of W is packed with its rows 96 bytes apart (W's own
  ;; rows, 2 KiB apart when n = 512, fall into a few of L1's sets and evict each other), its column
  ;; sums are taken from the packed copy, and all the block's rows of P use it. Measured by CPU
  ;; time on a 256-column half: a training batch 15% less than with W's rows used where they lie,
  ;; and the evaluation's chunks of 1000 rows 12% less again with 256-row blocks instead of 64.
  ;; Every out element adds the same terms in the same order as ever, so the same bits:
  ;; offset·colsum(W) (the colsum in row order), then s·W[t,:] for its nonzero pixels t in order.
  ;; Scratch: cs for j1 − j0 floats, list for min(m, 256)·k entries, aux for 256·8 + 96·k + 64 bytes.
  ;; Two threads may run disjoint column ranges of one product at once, each with its own scratch.
  (func (export "affine_fwd") (param $p i32) (param $w i32) (param $out i32) (param $m i32) (param $n i32) (param $k i32)
                              (param $scale f32) (param $offset f32) (param $j0 i32) (param $j1 i32)
                              (param $cs i32) (param $list i32) (param $aux i32)
    (local $nb i32) (local $rowBytes i32) (local $r0 i32) (local $rb i32) (local $i i32) (local $e i32)
    (local $slot i32) (local $panel i32) (local $c i32) (local $cb i32) (local $src i32) (local $dst i32) (local $end i32) (local $off i32)
    (local.set $nb (i32.shl (i32.sub (local.get $j1) (local.get $j0)) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $w (i32.add (local.get $w) (i32.shl (local.get $j0) (i32.const 2))))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $j0) (i32.const 2))))
    (local.set $panel (i32.add (local.get $aux) (i32.const 2048)))
    (local.set $end (i32.add (local.get $panel) (i32.mul (local.get $k) (i32.const 96))))
    (block $rows_done (loop $row_blocks
      (br_if $rows_done (i32.ge_u (local.get $r0) (local.get $m)))
      (local.set $rb (select (i32.sub (local.get $m) (local.get $r0)) (i32.const 256)
                             (i32.lt_u (i32.sub (local.get $m) (local.get $r0)) (i32.const 256))))
      ;; the lists of rows r0 .. r0+rb, back to back, entries (t·96, scale·p) (t: a panel row);
      ;; aux[i] = (start, end)
      (local.set $e (local.get $list))
      (local.set $i (i32.const 0))
      (block $b (loop $l
        (br_if $b (i32.ge_u (local.get $i) (local.get $rb)))
        (local.set $slot (i32.add (local.get $aux) (i32.shl (local.get $i) (i32.const 3))))
        (i32.store (local.get $slot) (local.get $e))
        (local.set $e (call $nz_row (i32.add (local.get $p) (i32.mul (i32.add (local.get $r0) (local.get $i)) (local.get $k)))
                                         (local.get $k) (i32.const 96) (local.get $scale) (local.get $e)))
        (i32.store offset=4 (local.get $slot) (local.get $e))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      ;; 24 columns at a time (at least once: n = 0 is no columns, but the loop tests first)
      (local.set $c (i32.const 0))
      (block $c_done (loop $chunks
        (br_if $c_done (i32.ge_u (local.get $c) (local.get $nb)))
        (local.set $cb (select (i32.sub (local.get $nb) (local.get $c)) (i32.const 96)
                               (i32.lt_u (i32.sub (local.get $nb) (local.get $c)) (i32.const 96))))
        ;; pack W[0 .. k, these columns] as panel rows 96 bytes apart (whole vectors: a partial
        ;; last one copies a few floats past the columns, never used)
        (local.set $src (i32.add (local.get $w) (local.get $c)))
        (local.set $dst (local.get $panel))
        (block $pd (loop $pl
          (br_if $pd (i32.ge_u (local.get $dst) (local.get $end)))
          (local.set $off (i32.const 0))
          (block $vd (loop $vl
            (br_if $vd (i32.ge_u (local.get $off) (local.get $cb)))
            (v128.store (i32.add (local.get $dst) (local.get $off)) (v128.load (i32.add (local.get $src) (local.get $off))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $vl)))
          (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 96)))
          (br $pl)))
        ;; cs = offset·colsum(W) on these columns, from the packed rows (the same sums, in row order)
        (local.set $dst (i32.add (local.get $cs) (local.get $c)))
        (call $colsum_bytes (local.get $panel) (local.get $k) (i32.const 96) (local.get $dst) (local.get $cb))
        (call $axpby_bytes (local.get $offset) (local.get $dst) (f32.const 0) (local.get $dst) (local.get $cb))
        ;; every row of the block, these columns
        (local.set $i (i32.const 0))
        (block $b (loop $l
          (br_if $b (i32.ge_u (local.get $i) (local.get $rb)))
          (local.set $slot (i32.add (local.get $aux) (i32.shl (local.get $i) (i32.const 3))))
          (call $comb (i32.load (local.get $slot)) (i32.load offset=4 (local.get $slot)) (local.get $panel) (local.get $dst)
                      (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $r0) (local.get $i)) (local.get $rowBytes))) (local.get $c))
                      (local.get $cb))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l)))
        (local.set $c (i32.add (local.get $c) (i32.const 96)))
        (br $chunks)))
      (local.set $r0 (i32.add (local.get $r0) (i32.const 256)))
      (br $row_blocks))))

  ;; The column lists of bytes P [m×k] for affine_bwd and affine_sgd (a counting sort of the
  ;; row-major nonzeros): list t runs aux[t] .. aux[t+1]; its entries address rows of a packed
  ;; block (rows 96 bytes apart): first row m, the column sums of D, with coefficient offset, then
  ;; (i·96, scale·p[i,t]) for the nonzero p[i,t] in row order. Returns the packed block's address,
  ;; 16-aligned, in aux after the tables (4·(2k + m + 2) bytes of them).
  (func $col_lists (param $p i32) (param $m i32) (param $k i32) (param $scale f32) (param $offset f32)
                   (param $list i32) (param $aux i32) (result i32)
    (local $t i32) (local $e i32) (local $i i32) (local $src i32) (local $dst i32)
    (local $cur i32) (local $rows i32) (local $tmp i32) (local $x i32)
    (local.set $cur (i32.add (local.get $aux) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))))
    (local.set $rows (i32.add (local.get $cur) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $tmp (i32.add (local.get $list) (i32.shl (i32.add (i32.mul (i32.add (local.get $m) (i32.const 1)) (local.get $k)) (i32.const 1)) (i32.const 3))))
    ;; the nonzeros of each row: entries (t·4, scale·p), rows[i] .. rows[i+1]
    (local.set $e (local.get $tmp))
    (block $b (loop $l
      (br_if $b (i32.ge_u (local.get $i) (local.get $m)))
      (i32.store (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2))) (local.get $e))
      (local.set $e (call $nz_row (i32.add (local.get $p) (i32.mul (local.get $i) (local.get $k))) (local.get $k)
                                  (i32.const 4) (local.get $scale) (local.get $e)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.store (i32.add (local.get $rows) (i32.shl (local.get $m) (i32.const 2))) (local.get $e))
    ;; count them per column (cur[t])
    (memory.fill (local.get $cur) (i32.const 0) (i32.shl (local.get $k) (i32.const 2)))
    (local.set $x (local.get $tmp))
    (block $b (loop $l
      (br_if $b (i32.ge_u (local.get $x) (local.get $e)))
      (local.set $src (i32.add (local.get $cur) (i32.load (local.get $x))))
      (i32.store (local.get $src) (i32.add (i32.load (local.get $src)) (i32.const 1)))
      (local.set $x (i32.add (local.get $x) (i32.const 8)))
      (br $l)))
    ;; lay out the column lists: the colsum entry, then room for the counted ones (cur[t] = next slot)
    (local.set $e (local.get $list))
    (block $b (loop $l
      (br_if $b (i32.ge_u (local.get $t) (local.get $k)))
      (local.set $src (i32.add (local.get $cur) (i32.shl (local.get $t) (i32.const 2))))
      (i32.store (i32.add (local.get $aux) (i32.shl (local.get $t) (i32.const 2))) (local.get $e))
      (i32.store (local.get $e) (i32.mul (local.get $m) (i32.const 96)))
      (f32.store offset=4 (local.get $e) (local.get $offset))
      (local.set $x (i32.load (local.get $src)))
      (i32.store (local.get $src) (i32.add (local.get $e) (i32.const 8)))
      (local.set $e (i32.add (local.get $e) (i32.shl (i32.add (local.get $x) (i32.const 1)) (i32.const 3))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $l)))
    (i32.store (i32.add (local.get $aux) (i32.shl (local.get $k) (i32.const 2))) (local.get $e))
    ;; scatter row by row, so each column's entries come in row order
    (local.set $i (i32.const 0))
    (block $b (loop $l
      (br_if $b (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $x (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $e (i32.load offset=4 (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
      (block $b2 (loop $l2
        (br_if $b2 (i32.ge_u (local.get $x) (local.get $e)))
        (local.set $src (i32.add (local.get $cur) (i32.load (local.get $x))))
        (local.set $dst (i32.load (local.get $src)))
        (i32.store (local.get $dst) (i32.mul (local.get $i) (i32.const 96)))
        (f32.store offset=4 (local.get $dst) (f32.load offset=4 (local.get $x)))
        (i32.store (local.get $src) (i32.add (local.get $dst) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br $l2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.and (i32.add (i32.add (local.get $rows) (i32.shl (local.get $m) (i32.const 2))) (i32.const 19)) (i32.const -16)))

  ;; Pack D[:, c .. c+cb) (bytes; rows rowBytes apart) and cs[c .. c+cb) as rows 0..m of the
  ;; block at pack, 96 bytes apart (whole vectors: a partial last one copies a few unused floats).
  (func $pack_cols (param $d i32) (param $cs i32) (param $m i32) (param $rowBytes i32) (param $c i32) (param $cb i32) (param $pack i32)
    (local $i i32) (local $src i32) (local $off i32)
    (local.set $src (i32.add (local.get $d) (local.get $c)))
    (block $b (loop $l
      (br_if $b (i32.gt_u (local.get $i) (local.get $m)))
      (if (i32.eq (local.get $i) (local.get $m)) (then (local.set $src (i32.add (local.get $cs) (local.get $c)))))
      (local.set $off (i32.const 0))
      (block $b2 (loop $l2
        (br_if $b2 (i32.ge_u (local.get $off) (local.get $cb)))
        (v128.store (i32.add (local.get $pack) (local.get $off)) (v128.load (i32.add (local.get $src) (local.get $off))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $l2)))
      (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
      (local.set $pack (i32.add (local.get $pack) (i32.const 96)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; Columns [j0, j1) of out[k×n] = (offset + scale·P)ᵀ·D + beta·out
  ;;   = beta·out + offset·colsum(D) + scale·(Pᵀ·D), for bytes P [m×k] and D [m×n].
  ;; Row t combines the rows of D at the nonzeros of column t of P, plus colsum(D) with
  ;; coefficient offset (one more list entry, so no separate pass). The columns go 24 at a time
  ;; (one sweep of $comb): those 24 columns of D, and of colsum(D) as an extra row m, are first
  ;; packed into a contiguous (m+1)×24 block that stays in L1 (D's own rows, 2 KiB apart, would
  ;; collide in the cache's sets) while all k rows of out use it.
  ;; Scratch: cs for j1 − j0 floats, list for (2m + 1)·k + 1 entries, aux for
  ;; 4·(2k + m + 2) + 16 + 96·(m + 1) + 160 bytes.
  (func (export "affine_bwd") (param $p i32) (param $d i32) (param $out i32) (param $m i32) (param $n i32) (param $k i32)
                              (param $scale f32) (param $offset f32) (param $beta f32) (param $j0 i32) (param $j1 i32)
                              (param $cs i32) (param $list i32) (param $aux i32)
    (local $nb i32) (local $rowBytes i32) (local $t i32) (local $e i32) (local $c i32) (local $cb i32)
    (local $pack i32) (local $zeros i32) (local $dst i32) (local $init i32)
    (local.set $nb (i32.shl (i32.sub (local.get $j1) (local.get $j0)) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $d (i32.add (local.get $d) (i32.shl (local.get $j0) (i32.const 2))))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $j0) (i32.const 2))))
    (call $colsum_bytes (local.get $d) (local.get $m) (local.get $rowBytes) (local.get $cs) (local.get $nb))
    (local.set $pack (call $col_lists (local.get $p) (local.get $m) (local.get $k) (local.get $scale) (local.get $offset)
                                      (local.get $list) (local.get $aux)))
    ;; beta = 0 starts from zeros, without reading out
    (local.set $zeros (i32.add (local.get $pack) (i32.mul (i32.add (local.get $m) (i32.const 1)) (i32.const 96))))
    (memory.fill (local.get $zeros) (i32.const 0) (i32.const 160))
    (block $c_done (loop $chunks
      (br_if $c_done (i32.ge_u (local.get $c) (local.get $nb)))
      (local.set $cb (select (i32.sub (local.get $nb) (local.get $c)) (i32.const 96)
                             (i32.lt_u (i32.sub (local.get $nb) (local.get $c)) (i32.const 96))))
      (call $pack_cols (local.get $d) (local.get $cs) (local.get $m) (local.get $rowBytes) (local.get $c) (local.get $cb) (local.get $pack))
      ;; every row t of out, these columns
      (local.set $t (i32.const 0))
      (local.set $dst (i32.add (local.get $out) (local.get $c)))
      (block $b (loop $l
        (br_if $b (i32.ge_u (local.get $t) (local.get $k)))
        (local.set $init (local.get $dst))
        (if (f32.eq (local.get $beta) (f32.const 0))
          (then (local.set $init (local.get $zeros)))
          (else (if (f32.ne (local.get $beta) (f32.const 1))
            (then (call $scale_bytes (local.get $dst) (local.get $beta) (local.get $cb))))))
        (local.set $e (i32.add (local.get $aux) (i32.shl (local.get $t) (i32.const 2))))
        (call $comb (i32.load (local.get $e)) (i32.load offset=4 (local.get $e)) (local.get $pack)
                    (local.get $init) (local.get $dst) (local.get $cb))
        (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $l)))
      (local.set $c (i32.add (local.get $c) (i32.const 96)))
      (br $chunks))))

  ;; The SGD step on nb bytes of a row of W, given that row's gradient data term g (in L1):
  ;;   w ← w + nlr·(decay·w + gs·g)
  ;; with the very float32 operations, in the same order, of axpby(decay, W, gs, G) followed by
  ;; axpby(nlr, G, 1, W) (1·w is exact), so the fused step gives the unfused step's bits.
  ;; Returns Σ w² of the old values (float32 products, summed in float64).
  (func $sgd_bytes (param $g i32) (param $w i32) (param $nb i32) (param $gs f32) (param $decay f32) (param $nlr f32) (result f64)
    (local $i i32) (local $vend i32) (local $x v128) (local $acc v128) (local $xs f32) (local $s f64)
    (local $vgs v128) (local $vdecay v128) (local $vnlr v128)
    (local.set $vgs (f32x4.splat (local.get $gs)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vnlr (f32x4.splat (local.get $nlr)))
    (local.set $vend (i32.and (local.get $nb) (i32.const -16)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $x (v128.load (i32.add (local.get $w) (local.get $i))))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store (i32.add (local.get $w) (local.get $i))
        (f32x4.add
          (f32x4.mul (local.get $vnlr)
            (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x))
                       (f32x4.mul (local.get $vgs) (v128.load (i32.add (local.get $g) (local.get $i))))))
          (local.get $x)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $s (f64.add
      (f64.add (f64.promote_f32 (f32x4.extract_lane 0 (local.get $acc))) (f64.promote_f32 (f32x4.extract_lane 1 (local.get $acc))))
      (f64.add (f64.promote_f32 (f32x4.extract_lane 2 (local.get $acc))) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $acc))))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $nb)))
      (local.set $xs (f32.load (i32.add (local.get $w) (local.get $i))))
      (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.mul (local.get $xs) (local.get $xs)))))
      (f32.store (i32.add (local.get $w) (local.get $i))
        (f32.add
          (f32.mul (local.get $nlr)
            (f32.add (f32.mul (local.get $decay) (local.get $xs))
                     (f32.mul (local.get $gs) (f32.load (i32.add (local.get $g) (local.get $i))))))
          (local.get $xs)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (local.get $s))

;; affine_sgd on one whole chunk of 24 columns, rows t = 0..k-1 of W (w: the chunk's first
  ;; float in row 0): $comb's 24-wide sweep from zeros over list t (aux[t] .. aux[t+1]) with the
  ;; $sgd_bytes update applied straight from the accumulators, so the row of G never leaves the
  ;; registers and no call is made per row. The same float32 operations in the same order as
  ;; $comb then $sgd_bytes, hence the same bits. Returns Σ w² of the old values: float32 over
  ;; a row's 24, float64 across rows.
  (func $sgd_chunk24 (param $aux i32) (param $k i32) (param $base i32) (param $w i32) (param $rowBytes i32)
                     (param $gs f32) (param $decay f32) (param $nlr f32) (result f64)
    (local $t i32) (local $e i32) (local $lend i32) (local $src i32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (local $x v128) (local $sq v128) (local $lo v128) (local $hi v128)
    (local $vgs v128) (local $vdecay v128) (local $vnlr v128)
    (local.set $vgs (f32x4.splat (local.get $gs)))
    (local.set $vdecay (f32x4.splat (local.get $decay)))
    (local.set $vnlr (f32x4.splat (local.get $nlr)))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $t) (local.get $k)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0))
      (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $a4 (v128.const i32x4 0 0 0 0))
      (local.set $a5 (v128.const i32x4 0 0 0 0))
      (local.set $e (i32.load (i32.add (local.get $aux) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $lend (i32.load offset=4 (i32.add (local.get $aux) (i32.shl (local.get $t) (i32.const 2)))))
      (block $done
        (loop $entry
          (br_if $done (i32.ge_u (local.get $e) (local.get $lend)))
          (local.set $src (i32.add (local.get $base) (i32.load (local.get $e))))
          (local.set $s (v128.load32_splat offset=4 (local.get $e)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $src)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $src)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $src)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $src)))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $src)))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (v128.load offset=80 (local.get $src)))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br $entry)))
      ;; w ← nlr·(decay·w + gs·a) + w, vector by vector; sq += w·w (old w)
      (local.set $x (v128.load offset=0 (local.get $w)))
      (local.set $sq (f32x4.mul (local.get $x) (local.get $x)))
      (v128.store offset=0 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a0)))) (local.get $x)))
      (local.set $x (v128.load offset=16 (local.get $w)))
      (local.set $sq (f32x4.add (local.get $sq) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store offset=16 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a1)))) (local.get $x)))
      (local.set $x (v128.load offset=32 (local.get $w)))
      (local.set $sq (f32x4.add (local.get $sq) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store offset=32 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a2)))) (local.get $x)))
      (local.set $x (v128.load offset=48 (local.get $w)))
      (local.set $sq (f32x4.add (local.get $sq) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store offset=48 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a3)))) (local.get $x)))
      (local.set $x (v128.load offset=64 (local.get $w)))
      (local.set $sq (f32x4.add (local.get $sq) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store offset=64 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a4)))) (local.get $x)))
      (local.set $x (v128.load offset=80 (local.get $w)))
      (local.set $sq (f32x4.add (local.get $sq) (f32x4.mul (local.get $x) (local.get $x))))
      (v128.store offset=80 (local.get $w) (f32x4.add (f32x4.mul (local.get $vnlr)
        (f32x4.add (f32x4.mul (local.get $vdecay) (local.get $x)) (f32x4.mul (local.get $vgs) (local.get $a5)))) (local.get $x)))
      ;; the row's four lane sums into two float64 pairs
      (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $sq))))
      (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $sq) (local.get $sq)))))
      (local.set $w (i32.add (local.get $w) (local.get $rowBytes)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $rows)))
    (local.set $lo (f64x2.add (local.get $lo) (local.get $hi)))
    (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo))))

    ;; The fused SGD step of a layer fed by bytes, on columns [j0, j1) of W [k×n]:
  ;;   W ← W + nlr·(decay·W + gs·G),  G = (offset + scale·P)ᵀ·D  (nlr = −lr; the paper's step has
  ;;   decay = λ/m and gs = 1/m), for bytes P [m×k] and D [m×n].
  ;; G is affine_bwd's product with beta = 0, formed 24 columns of one row at a time in an L1
  ;; buffer and applied at once, so it never reaches memory: the unfused step's three passes over
  ;; W's size (write G, axpby into G, axpy into W) and the L2 term's pass (Σ W²) become one.
  ;; Stores Σ W² of the old W, one float64 per 24-column chunk (chunk q = columns 24q .. 24q+23
  ;; of W, so j0 must be a multiple of 24), at sumOut + 8·q: the caller adds them up in q order,
  ;; so the total has the same bits however the columns were split between threads.
  ;; Scratch: as affine_bwd, plus 128 bytes of aux.
  (func (export "affine_sgd") (param $p i32) (param $d i32) (param $w i32) (param $m i32) (param $n i32) (param $k i32)
                              (param $scale f32) (param $offset f32) (param $gs f32) (param $decay f32) (param $nlr f32)
                              (param $j0 i32) (param $j1 i32) (param $cs i32) (param $list i32) (param $aux i32) (param $sumOut i32)
    (local $nb i32) (local $rowBytes i32) (local $t i32) (local $e i32) (local $c i32) (local $cb i32)
    (local $pack i32) (local $zeros i32) (local $g i32) (local $dst i32) (local $s f64)
    (local.set $nb (i32.shl (i32.sub (local.get $j1) (local.get $j0)) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $d (i32.add (local.get $d) (i32.shl (local.get $j0) (i32.const 2))))
    (local.set $w (i32.add (local.get $w) (i32.shl (local.get $j0) (i32.const 2))))
    (call $colsum_bytes (local.get $d) (local.get $m) (local.get $rowBytes) (local.get $cs) (local.get $nb))
    (local.set $pack (call $col_lists (local.get $p) (local.get $m) (local.get $k) (local.get $scale) (local.get $offset)
                                      (local.get $list) (local.get $aux)))
    (local.set $zeros (i32.add (local.get $pack) (i32.mul (i32.add (local.get $m) (i32.const 1)) (i32.const 96))))
    (memory.fill (local.get $zeros) (i32.const 0) (i32.const 160))
    (local.set $g (i32.add (local.get $zeros) (i32.const 160)))
    (block $c_done (loop $chunks
      (br_if $c_done (i32.ge_u (local.get $c) (local.get $nb)))
      (local.set $cb (select (i32.sub (local.get $nb) (local.get $c)) (i32.const 96)
                             (i32.lt_u (i32.sub (local.get $nb) (local.get $c)) (i32.const 96))))
      (call $pack_cols (local.get $d) (local.get $cs) (local.get $m) (local.get $rowBytes) (local.get $c) (local.get $cb) (local.get $pack))
      (if (i32.eq (local.get $cb) (i32.const 96))
        (then (local.set $s
          (call $sgd_chunk24 (local.get $aux) (local.get $k) (local.get $pack) (i32.add (local.get $w) (local.get $c))
                             (local.get $rowBytes) (local.get $gs) (local.get $decay) (local.get $nlr))))
        (else
          ;; a last, narrower chunk: the row of G through L1
          (local.set $s (f64.const 0))
          (local.set $t (i32.const 0))
          (local.set $dst (i32.add (local.get $w) (local.get $c)))
          (block $b (loop $l
            (br_if $b (i32.ge_u (local.get $t) (local.get $k)))
            (local.set $e (i32.add (local.get $aux) (i32.shl (local.get $t) (i32.const 2))))
            (call $comb (i32.load (local.get $e)) (i32.load offset=4 (local.get $e)) (local.get $pack)
                        (local.get $zeros) (local.get $g) (local.get $cb))
            (local.set $s (f64.add (local.get $s)
              (call $sgd_bytes (local.get $g) (local.get $dst) (local.get $cb) (local.get $gs) (local.get $decay) (local.get $nlr))))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $l)))))
      ;; this chunk's Σ w² into its slot: (j0 + c/4)/24 = (4·j0 + c)/96
      (f64.store (i32.add (local.get $sumOut)
                          (i32.shl (i32.div_u (i32.add (i32.shl (local.get $j0) (i32.const 2)) (local.get $c)) (i32.const 96)) (i32.const 3)))
                 (local.get $s))
      (local.set $c (i32.add (local.get $c) (i32.const 96)))
      (br $chunks))))
)
