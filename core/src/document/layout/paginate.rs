//! Stacking chunks onto pages.

use super::{BODY_BOTTOM, BODY_HEIGHT, BODY_TOP, MARGIN, Op, Page};

/// A piece of the body that is never split, with its ops relative to its own top-left corner.
#[derive(Debug, Clone, Default)]
pub(super) struct Chunk {
    pub(super) height: f32,
    /// Space above, dropped at the top of a page.
    pub(super) gap_before: f32,
    pub(super) ops: Vec<Op>,
    /// Must share a page with the chunk after it (headings, table header rows).
    pub(super) keep_with_next: bool,
    /// The table this chunk belongs to, whose header repeats on a new page.
    pub(super) table: Option<usize>,
    pub(super) table_header: bool,
}

/// Place the chunks top to bottom, starting a page when the next one (with whatever it is kept
/// with) does not fit; a table row opening a page gets its table's header row above it.
pub(super) fn paginate(chunks: &[Chunk], table_headers: &[Option<Chunk>]) -> Vec<Page> {
    let mut pages = vec![Page::default()];
    let mut y = BODY_TOP;
    let mut empty = true;
    for (i, chunk) in chunks.iter().enumerate() {
        let mut gap = if empty { 0.0 } else { chunk.gap_before };
        let needed = if chunk.keep_with_next {
            kept_height(&chunks[i..])
        } else {
            chunk.height
        };
        if !empty && y + gap + needed > BODY_BOTTOM {
            pages.push(Page::default());
            y = BODY_TOP;
            gap = 0.0;
            if let Some(table) = chunk.table
                && !chunk.table_header
                && let Some(Some(head)) = table_headers.get(table)
            {
                place(&mut pages, head, y);
                y += head.height;
            }
        }
        place(&mut pages, chunk, y + gap);
        y += gap + chunk.height;
        empty = false;
    }
    pages
}

/// Height of a chain of keep-with-next chunks and the chunk they are kept with, at most a page.
fn kept_height(chain: &[Chunk]) -> f32 {
    let mut height = 0.0;
    for (k, chunk) in chain.iter().enumerate() {
        height += chunk.height + if k == 0 { 0.0 } else { chunk.gap_before };
        if !chunk.keep_with_next || height > BODY_HEIGHT {
            break;
        }
    }
    height.min(BODY_HEIGHT)
}

fn place(pages: &mut [Page], chunk: &Chunk, top: f32) {
    if let Some(page) = pages.last_mut() {
        let ops = chunk.ops.iter().cloned();
        page.ops.extend(ops.map(|op| op.shifted(MARGIN, top)));
    }
}
