//! Line breaking. Every line is measured as the shaper will draw it (the whole line, kerning
//! included), so a line that fits here fits on paper.

use crate::document::fonts::FontFace;

/// Clean `text` for `face` and break it into lines at most `width` points wide: at newlines, at
/// spaces, and inside words longer than a line (between clusters, never inside one). Empty text,
/// or text of spaces only, gives no lines; blank lines inside it are kept.
pub fn wrap(face: &FontFace, text: &str, size: f32, width: f32) -> Vec<String> {
    let text = face.clean(text);
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for segment in text.split('\n') {
        let mut line = String::new();
        for word in segment.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() {
                // Measure the whole candidate line: kerning across the space counts too.
                let candidate = format!("{line} {word}");
                if face.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            if face.width(word, size) <= width {
                line.push_str(word);
            } else {
                let mut pieces = break_word(face, word, size, width);
                line = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
            }
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Break a word wider than `width` between clusters; every piece holds at least one cluster.
/// Each piece is measured on its own, since kerning at the cut no longer applies.
fn break_word(face: &FontFace, word: &str, size: f32, width: f32) -> Vec<String> {
    let mut ends: Vec<usize> = face
        .shape(word)
        .iter()
        .map(|g| g.range.end)
        .filter(|&end| end > 0 && word.is_char_boundary(end))
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut fits = None;
    for end in ends {
        if end <= start {
            continue;
        }
        if face.width(&word[start..end], size) > width
            && let Some(cut) = fits
        {
            pieces.push(word[start..cut].to_owned());
            start = cut;
        }
        fits = Some(end);
    }
    pieces.push(word[start..].to_owned());
    pieces
}

/// Keep at most `max` lines, marking the cut with an ellipsis.
pub(super) fn truncate(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}
