// Raw allocation for the JS side: flat buffers that the GC never sees, owned and freed by JS.
// 16-byte alignment keeps v128 loads on natural boundaries.

/** Allocates `bytes` of zeroed memory and returns its address (0 when bytes is 0). */
export function alloc(bytes: usize): usize {
  if (bytes == 0) return 0;
  const ptr = heap.alloc(bytes);
  memory.fill(ptr, 0, bytes);
  return ptr;
}

/** Frees memory returned by `alloc`. Freeing 0 is a no-op. */
export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}
