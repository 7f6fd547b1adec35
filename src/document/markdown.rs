//! Markdown front end: pulldown-cmark events mapped back to source offsets.
//!
//! Only text events inside prose blocks are copied into the masked text; code, raw HTML, front
//! matter, images, autolinks, link destinations and bare URLs stay blank, so no check sees them.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{BlockKind, Layout, blank, trim_span};

/// A block being collected: its kind and the extent of the text seen so far.
struct Open {
    kind: BlockKind,
    /// True for list items, which hold text directly only in tight lists.
    item: bool,
    extent: Option<Range<usize>>,
}

pub(crate) fn layout(source: &str) -> Layout<'_> {
    let mut masked = source.as_bytes().to_vec();
    blank(&mut masked, 0..source.len());
    let front_matter = super::find_front_matter(source)
        .map(|(_, body)| super::front_matter_fields(&source[body]))
        .unwrap_or_default();

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut blocks = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut quote_depth = 0usize;
    // Inside these nothing is prose: code blocks, HTML blocks, metadata, images, autolinks.
    let mut hidden = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    let kind = if open.iter().any(|o| o.item) {
                        BlockKind::ListItem
                    } else if quote_depth > 0 {
                        BlockKind::Quote
                    } else {
                        BlockKind::Paragraph
                    };
                    open.push(Open {
                        kind,
                        item: false,
                        extent: None,
                    });
                }
                Tag::Heading { level, .. } => open.push(Open {
                    kind: BlockKind::Heading(level as u8),
                    item: false,
                    extent: None,
                }),
                Tag::TableCell => open.push(Open {
                    kind: BlockKind::Cell,
                    item: false,
                    extent: None,
                }),
                Tag::Item => open.push(Open {
                    kind: BlockKind::ListItem,
                    item: true,
                    extent: None,
                }),
                Tag::List(_) => {
                    // Text an item held before its nested list is a block of its own.
                    if let Some(item) = open.last_mut().filter(|o| o.item) {
                        flush(&mut blocks, item, &masked);
                    }
                }
                Tag::BlockQuote(_) => quote_depth += 1,
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. } => {
                    hidden += 1
                }
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => hidden += 1,
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item => {
                    if let Some(mut block) = open.pop() {
                        flush(&mut blocks, &mut block, &masked);
                    }
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::Image => hidden = hidden.saturating_sub(1),
                TagEnd::Link if hidden > 0 && is_autolink(source, &range) => {
                    hidden = hidden.saturating_sub(1)
                }
                _ => {}
            },
            Event::Text(_) if hidden == 0 => {
                masked[range.clone()].copy_from_slice(&source.as_bytes()[range.clone()]);
                if let Some(block) = open.last_mut() {
                    block.extent = Some(match block.extent.take() {
                        Some(e) => e.start.min(range.start)..e.end.max(range.end),
                        None => range,
                    });
                }
            }
            _ => {}
        }
    }
    blank_urls(&mut masked);
    let text = String::from_utf8(masked).unwrap_or_else(|_| source.to_string());
    let mut spans: Vec<(BlockKind, Range<usize>)> = blocks
        .into_iter()
        .map(|(kind, span)| (kind, trim_span(&text, span)))
        .filter(|(_, span)| !span.is_empty())
        .collect();
    spans.sort_by_key(|(_, span)| span.start);
    Layout {
        text: text.into(),
        blocks: spans,
        front_matter,
    }
}

fn is_autolink(source: &str, range: &Range<usize>) -> bool {
    source[range.clone()].starts_with('<')
}

fn flush(blocks: &mut Vec<(BlockKind, Range<usize>)>, block: &mut Open, masked: &[u8]) {
    let Some(extent) = block.extent.take() else {
        return;
    };
    if masked[extent.clone()]
        .iter()
        .any(|b| !b.is_ascii_whitespace())
    {
        blocks.push((block.kind, extent));
    }
}

/// Blanks bare URLs (`http://`, `https://`, `www.`) up to the next whitespace.
fn blank_urls(masked: &mut [u8]) {
    let mut i = 0;
    while i < masked.len() {
        let rest = &masked[i..];
        let at_word_start = i == 0 || masked[i - 1].is_ascii_whitespace() || masked[i - 1] == b'(';
        if at_word_start
            && (rest.starts_with(b"http://")
                || rest.starts_with(b"https://")
                || rest.starts_with(b"www."))
        {
            let end = rest
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .map_or(masked.len(), |p| i + p);
            // A URL ends at ASCII whitespace, so the span covers whole UTF-8 characters.
            blank(masked, i..end);
            i = end;
        } else {
            i += 1;
        }
    }
}
