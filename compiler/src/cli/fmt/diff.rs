//! A unified diff of two texts, line by line (`accord fmt --check` shows what would change).

/// What happens to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Same,
    Removed,
    Added,
}

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The largest table the line matching builds (lines of one side times the other); past it the
/// differing middle is shown as removed and added whole.
const MAX_TABLE: usize = 4_000_000;

/// The unified diff of `old` into `new`, with `---`/`+++` headers naming `name`; empty when
/// the texts are equal.
pub(super) fn unified(name: &str, old: &str, new: &str) -> String {
    let script = edit_script(&lines(old), &lines(new));
    let mut out = String::new();
    for (start, end) in hunks(&script) {
        if out.is_empty() {
            out.push_str(&format!("--- {name}\n+++ {name} (formatted)\n"));
        }
        out.push_str(&hunk(&script, start, end));
    }
    out
}

/// The first line (1-based, in `old`) where the texts differ, if they do.
pub(super) fn first_difference(old: &str, new: &str) -> Option<usize> {
    let (old, new) = (lines(old), lines(new));
    let same = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    (old.len() != new.len() || same < old.len()).then_some(same + 1)
}

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Every line of both texts with what happens to it, in order.
fn edit_script<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(Edit, &'a str)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut script: Vec<(Edit, &str)> = old[..prefix].iter().map(|l| (Edit::Same, *l)).collect();
    if a.len().saturating_mul(b.len()) <= MAX_TABLE {
        script.extend(matched_middle(a, b));
    } else {
        script.extend(a.iter().map(|l| (Edit::Removed, *l)));
        script.extend(b.iter().map(|l| (Edit::Added, *l)));
    }
    script.extend(old[old.len() - suffix..].iter().map(|l| (Edit::Same, *l)));
    script
}

/// The edit script of `a` into `b` along a longest common subsequence of lines.
fn matched_middle<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(Edit, &'a str)> {
    let width = b.len() + 1;
    // table[i * width + j]: the longest common subsequence of a[i..] and b[j..].
    let mut table = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut script = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            script.push((Edit::Same, a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len()
            && (j == b.len() || table[(i + 1) * width + j] >= table[i * width + j + 1])
        {
            script.push((Edit::Removed, a[i]));
            i += 1;
        } else {
            script.push((Edit::Added, b[j]));
            j += 1;
        }
    }
    script
}

/// The ranges of the script shown: each change with its context, overlapping ranges merged.
fn hunks(script: &[(Edit, &str)]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (index, _) in script
        .iter()
        .enumerate()
        .filter(|(_, (e, _))| *e != Edit::Same)
    {
        let start = index.saturating_sub(CONTEXT);
        let end = (index + CONTEXT + 1).min(script.len());
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

/// One hunk: its `@@ -a,b +c,d @@` header and lines.
fn hunk(script: &[(Edit, &str)], start: usize, end: usize) -> String {
    let count = |edits: &[Edit], range: &[(Edit, &str)]| {
        range.iter().filter(|(e, _)| edits.contains(e)).count()
    };
    let old_start = count(&[Edit::Same, Edit::Removed], &script[..start]) + 1;
    let new_start = count(&[Edit::Same, Edit::Added], &script[..start]) + 1;
    let body = &script[start..end];
    let mut out = format!(
        "@@ -{old_start},{} +{new_start},{} @@\n",
        count(&[Edit::Same, Edit::Removed], body),
        count(&[Edit::Same, Edit::Added], body)
    );
    for (edit, line) in body {
        let sign = match edit {
            Edit::Same => ' ',
            Edit::Removed => '-',
            Edit::Added => '+',
        };
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a", "x\ny\n", "x\ny\n"), "");
        assert_eq!(first_difference("x\n", "x\n"), None);
    }

    #[test]
    fn a_changed_line_is_shown_with_its_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified("f.accord", old, new),
            "--- f.accord\n+++ f.accord (formatted)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
        assert_eq!(first_difference(old, new), Some(5));
    }

    #[test]
    fn insertions_and_a_missing_final_line_break_are_shown() {
        let diff = unified("f", "a\nb", "a\n\nb\n");
        assert_eq!(
            diff,
            "--- f\n+++ f (formatted)\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+\n+b\n"
        );
        assert_eq!(first_difference("a\nb", "a\nb\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
    }
}
