//! A strict checker for the HTML subset moviebot sends (what Telegram's parser accepts):
//! known tags, balanced, and only the entities Telegram documents. Returns the visible text.

pub fn parse(html: &str) -> Result<String, String> {
    let mut plain = String::new();
    let mut stack: Vec<String> = Vec::new();
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                let end = html[i..].find('>').ok_or("unclosed tag")? + i;
                let tag = &html[i + 1..end];
                let (closing, name) = match tag.strip_prefix('/') {
                    Some(n) => (true, n),
                    None => (false, tag.split_whitespace().next().unwrap_or("")),
                };
                if !matches!(name, "b" | "i" | "u" | "s" | "code" | "pre" | "a") {
                    return Err(format!("unsupported tag <{tag}>"));
                }
                if closing {
                    if stack.pop().as_deref() != Some(name) {
                        return Err(format!("unexpected end tag </{name}>"));
                    }
                } else {
                    stack.push(name.to_owned());
                }
                while chars.peek().is_some_and(|(j, _)| *j <= end) {
                    chars.next();
                }
            }
            '&' => {
                let end = html[i..].find(';').ok_or("unterminated entity")? + i;
                let entity = &html[i + 1..end];
                plain.push(match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => return Err(format!("unsupported entity &{entity};")),
                });
                while chars.peek().is_some_and(|(j, _)| *j <= end) {
                    chars.next();
                }
            }
            '>' => return Err("unescaped >".into()),
            c => plain.push(c),
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("unclosed <{open}>"));
    }
    Ok(plain)
}

/// Telegram's length: UTF-16 code units.
pub fn len(plain: &str) -> usize {
    plain.encode_utf16().count()
}
