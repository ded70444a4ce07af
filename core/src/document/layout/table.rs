//! Tables: column widths from the content, bordered rows of wrapped cells, a header row that is
//! kept with the first row and repeated on every page the table continues on.

use super::rows::{Cell, RowLook};
use super::{Align, BODY_HEIGHT, CONTENT_WIDTH, Layout, Style, TABLE, TABLE_HEAD};
use crate::document::fonts::Fonts;

const PADDING: f32 = 3.0;
/// Rows looked at to size the columns: enough to judge, cheap for a table of thousands.
const SAMPLED_ROWS: usize = 200;

impl Layout<'_> {
    /// Rows longer than the header widen the table; shorter ones are padded with empty cells.
    pub(super) fn table(&mut self, columns: &[String], rows: &[Vec<String>]) {
        let count = rows.iter().map(Vec::len).fold(columns.len(), usize::max);
        if count == 0 {
            return;
        }
        let widths = column_widths(self.fonts, columns, rows, count);
        let xs: Vec<f32> = widths
            .iter()
            .scan(0.0, |x, w| {
                let start = *x;
                *x += w;
                Some(start)
            })
            .collect();
        let cells = |layout: &Self, row: &[String], style: Style| -> Vec<Cell> {
            (0..count)
                .map(|i| Cell {
                    x: xs[i],
                    width: widths[i],
                    style,
                    align: Align::Left,
                    lines: layout.wrap(
                        row.get(i).map_or("", String::as_str),
                        style,
                        widths[i] - 2.0 * PADDING,
                    ),
                })
                .collect()
        };
        let table = self.table_headers.len();
        self.table_headers.push(None);
        let look = RowLook {
            padding: PADDING,
            border: Some(0.5),
            fill: None,
            gap_before: 0.0,
            lines_per_piece: None,
        };
        let mut gap_before = 8.0;
        if columns.iter().any(|c| !c.trim().is_empty()) {
            let head_look = RowLook {
                fill: Some(232),
                gap_before,
                ..look
            };
            let first = self.chunks.len();
            let pieces = self.push_rows(cells(self, columns, TABLE_HEAD), head_look);
            for chunk in &mut self.chunks[first..] {
                chunk.keep_with_next = true;
                chunk.table = Some(table);
                chunk.table_header = true;
            }
            // Repeat the header only when it is one modest row: a header taller than a third
            // of a page would crowd out the rows it labels.
            if let Some(head) = self.chunks.last()
                && pieces == 1
                && head.height <= BODY_HEIGHT / 3.0
            {
                let mut repeat = head.clone();
                repeat.gap_before = 0.0;
                self.table_headers[table] = Some(repeat);
            }
            gap_before = 0.0;
        }
        for row in rows {
            let first = self.chunks.len();
            let row_look = RowLook { gap_before, ..look };
            self.push_rows(cells(self, row, TABLE), row_look);
            for chunk in &mut self.chunks[first..] {
                chunk.table = Some(table);
            }
            gap_before = 0.0;
        }
    }
}

/// Column widths that fill the content width: every column gets what its longest line needs if
/// all fit (then all are widened in proportion); otherwise the columns narrower than a fair share
/// keep their natural width and the rest share what is left evenly.
fn column_widths(
    fonts: &Fonts,
    columns: &[String],
    rows: &[Vec<String>],
    count: usize,
) -> Vec<f32> {
    let mut natural = vec![2.0 * PADDING + 1.0; count];
    let mut widen = |i: usize, style: Style, text: &str| {
        let face = fonts.face(style.weight);
        let longest = face
            .clean(text)
            .split('\n')
            .map(|line| face.width(line, style.size))
            .fold(0.0, f32::max);
        natural[i] = natural[i].max((longest + 2.0 * PADDING).min(CONTENT_WIDTH));
    };
    for (i, head) in columns.iter().enumerate() {
        widen(i, TABLE_HEAD, head);
    }
    for row in rows.iter().take(SAMPLED_ROWS) {
        for (i, text) in row.iter().enumerate().take(count) {
            widen(i, TABLE, text);
        }
    }
    let total: f32 = natural.iter().sum();
    if total <= CONTENT_WIDTH {
        let scale = CONTENT_WIDTH / total;
        return natural.iter().map(|w| w * scale).collect();
    }
    // Water-filling: settle the columns narrower than a fair share, split the rest evenly.
    let mut widths = vec![0.0; count];
    let mut open: Vec<usize> = (0..count).collect();
    let mut left = CONTENT_WIDTH;
    while !open.is_empty() {
        let fair = left / open.len() as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= fair);
        if narrow.is_empty() {
            for &i in &wide {
                widths[i] = fair;
            }
            break;
        }
        for &i in &narrow {
            widths[i] = natural[i];
            left -= natural[i];
        }
        open = wide;
    }
    widths
}
