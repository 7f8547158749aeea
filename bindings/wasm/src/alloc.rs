//! The module's allocator: dlmalloc, as the standard library uses on wasm32, over a memory source
//! that grows the linear memory geometrically.
//!
//! V8 collects garbage on every `memory.grow`, with a cost that rises with the JS heap. The
//! standard source grows by just the pages each request needs, so a request with a million lots
//! grew the memory thousands of times and spent minutes collecting garbage; growing by at least
//! half the current size needs a few dozen grows for the same request.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

use dlmalloc::{Allocator, Dlmalloc};

const PAGE: usize = 65_536;

struct Geometric;

fn grow(pages: usize) -> Option<(*mut u8, usize)> {
    let prev = wasm32::memory_grow(0, pages);
    if prev == usize::MAX {
        return None;
    }
    let (base, size) = (prev * PAGE, pages * PAGE);
    // A region ending exactly at the top of the address space would let pointers wrap to 0.
    Some((base as *mut u8, if base.wrapping_add(size) == 0 { size - 16 } else { size }))
}

// SAFETY: the regions handed out come from `memory.grow`, are never handed out twice, and are
// never released (every release method answers that nothing was released).
unsafe impl Allocator for Geometric {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let needed = size.div_ceil(PAGE);
        let generous = needed.max(wasm32::memory_size(0) / 2);
        match grow(generous).or_else(|| grow(needed)) {
            Some((base, size)) => (base, size, 0),
            None => (ptr::null_mut(), 0, 0),
        }
    }
    fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
        ptr::null_mut()
    }
    fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
        false
    }
    fn free(&self, _: *mut u8, _: usize) -> bool {
        false
    }
    fn can_release_part(&self, _: u32) -> bool {
        false
    }
    fn allocates_zeros(&self) -> bool {
        true
    }
    fn page_size(&self) -> usize {
        PAGE
    }
}

struct Global(UnsafeCell<Dlmalloc<Geometric>>);

// SAFETY: wasm32 without the atomics feature runs one thread, so the cell is never shared.
unsafe impl Sync for Global {}

// SAFETY: every call forwards to dlmalloc with the layout the caller gave.
unsafe impl GlobalAlloc for Global {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Global = Global(UnsafeCell::new(Dlmalloc::new_with_allocator(Geometric)));
