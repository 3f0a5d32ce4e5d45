// Binary min-heap of open node ids keyed by their bound (best-bound node selection); ties go to
// the deeper node, which is closer to an integer solution.

export class NodeHeap {
  ids: Int32Array = new Int32Array(64);
  keys: Float64Array = new Float64Array(64);
  depth: Int32Array = new Int32Array(64);
  size: i32 = 0;

  @inline private less(a: i32, b: i32): bool {
    const ka = unchecked(this.keys[a]);
    const kb = unchecked(this.keys[b]);
    return ka < kb || (ka == kb && unchecked(this.depth[a]) > unchecked(this.depth[b]));
  }

  private swap(a: i32, b: i32): void {
    const i = unchecked(this.ids[a]);
    unchecked((this.ids[a] = this.ids[b]));
    unchecked((this.ids[b] = i));
    const k = unchecked(this.keys[a]);
    unchecked((this.keys[a] = this.keys[b]));
    unchecked((this.keys[b] = k));
    const d = unchecked(this.depth[a]);
    unchecked((this.depth[a] = this.depth[b]));
    unchecked((this.depth[b] = d));
  }

  push(id: i32, key: f64, depth: i32): void {
    if (this.size == this.ids.length) {
      const cap = this.size * 2;
      const ni = new Int32Array(cap);
      const nk = new Float64Array(cap);
      const nd = new Int32Array(cap);
      for (let i = 0; i < this.size; i++) {
        unchecked((ni[i] = this.ids[i]));
        unchecked((nk[i] = this.keys[i]));
        unchecked((nd[i] = this.depth[i]));
      }
      this.ids = ni;
      this.keys = nk;
      this.depth = nd;
    }
    let c = this.size++;
    unchecked((this.ids[c] = id));
    unchecked((this.keys[c] = key));
    unchecked((this.depth[c] = depth));
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.less(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  /** Smallest key, or +inf when empty. */
  minKey(): f64 {
    return this.size > 0 ? unchecked(this.keys[0]) : Infinity;
  }

  pop(): i32 {
    if (this.size == 0) return -1;
    const top = unchecked(this.ids[0]);
    this.size--;
    if (this.size > 0) {
      this.swap(0, this.size);
      let c = 0;
      while (true) {
        const l = 2 * c + 1;
        if (l >= this.size) break;
        let s = l;
        if (l + 1 < this.size && this.less(l + 1, l)) s = l + 1;
        if (!this.less(s, c)) break;
        this.swap(s, c);
        c = s;
      }
    }
    return top;
  }
}
