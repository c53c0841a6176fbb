// Small, safe Markdown renderer for agent output.
//
// Safety model: every piece of source text goes through escapeHtml() before it reaches the
// output; the only tags in the result are the ones this file writes itself. Attribute values
// are limited to scheme-checked link hrefs (http/https/mailto), a sanitised code language class,
// a numeric list start and fixed alignment classes. Images are rendered as links (no <img>),
// so agent text can never load remote content or run script.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Placeholders protect already-rendered HTML from later inline passes. NUL never survives
// into the source (see clean()), so it cannot be forged by agent text.
const HOLE = '\u0000';
const HOLE_RE = /\u0000(\d+)\u0000/g;
const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\s]+$/i;
const LINK_ATTRS = 'rel="noopener noreferrer" target="_blank"';

function clean(src) {
  return String(src ?? '').replace(/\r\n?/g, '\n').replace(/\u0000/g, '\uFFFD');
}

/** Renders Markdown source to an HTML string that is safe to assign to innerHTML. */
export function renderMarkdown(src) {
  return renderBlocks(clean(src).split('\n'));
}

// ---------------------------------------------------------------- blocks

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:\s+(.*))?$/;
const TABLE_SEP = /^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$/;

function isBlank(line) {
  return line.trim() === '';
}

function startsBlock(lines, i) {
  const line = lines[i];
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)
    || LIST_ITEM.test(line) || isTableStart(lines, i);
}

function isTableStart(lines, i) {
  return lines[i].includes('|') && i + 1 < lines.length && lines[i + 1].includes('-')
    && TABLE_SEP.test(lines[i + 1]);
}

const MAX_DEPTH = 12; // nested lists/quotes deeper than this render as plain text

function renderBlocks(lines, depth = 0) {
  if (depth > MAX_DEPTH) return `<p>${renderInline(lines.join('\n')).replace(/\n/g, '<br>')}</p>`;
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let m;
    if (isBlank(line)) {
      i++;
    } else if ((m = FENCE.exec(line))) {
      i = renderFence(lines, i, m, out);
    } else if ((m = HEADING.exec(line))) {
      const level = m[1].length;
      out.push(`<h${level}>${renderInline(m[2] || '')}</h${level}>`);
      i++;
    } else if (RULE.test(line)) {
      out.push('<hr>');
      i++;
    } else if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
        inner.push(m[1]);
        i++;
      }
      out.push(`<blockquote>${renderBlocks(inner, depth + 1)}</blockquote>`);
    } else if (LIST_ITEM.test(line)) {
      i = renderList(lines, i, out, depth);
    } else if (isTableStart(lines, i)) {
      i = renderTable(lines, i, out);
    } else {
      const para = [];
      while (i < lines.length && !isBlank(lines[i]) && (para.length === 0 || !startsBlock(lines, i))) {
        para.push(lines[i].trim());
        i++;
      }
      out.push(`<p>${renderInline(para.join('\n')).replace(/\n/g, '<br>')}</p>`);
    }
  }
  return out.join('\n');
}

// An unclosed fence runs to the end: that is what a half-streamed code block looks like.
function renderFence(lines, start, match, out) {
  const fence = match[1];
  const lang = (/^[A-Za-z0-9_+#.-]{1,32}/.exec(match[2]) || [''])[0];
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  const body = [];
  let i = start + 1;
  while (i < lines.length && !closing.test(lines[i])) {
    body.push(lines[i]);
    i++;
  }
  const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  out.push(`<pre><code${cls}>${escapeHtml(body.join('\n'))}</code></pre>`);
  return i + 1;
}

function listKind(marker) {
  return /\d/.test(marker) ? 'ol' : 'ul';
}

// Items are collected with their indented continuation lines, de-indented and rendered as
// blocks recursively, which gives nested lists and code inside items for free.
function renderList(lines, start, out, depth) {
  const first = LIST_ITEM.exec(lines[start]);
  const indent = first[1].length;
  const kind = listKind(first[2]);
  const items = [];
  let i = start;
  let loose = false;
  while (i < lines.length) {
    const m = LIST_ITEM.exec(lines[i]);
    if (!m || m[1].length !== indent || listKind(m[2]) !== kind) break;
    const body = [m[3] || ''];
    const contentIndent = indent + m[2].length + 1;
    i++;
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) {
        const next = lines[i + 1];
        if (next !== undefined && !isBlank(next) && leadingSpaces(next) >= Math.min(contentIndent, indent + 2)) {
          body.push('');
          loose = true;
          i++;
          continue;
        }
        break;
      }
      const spaces = leadingSpaces(line);
      if (spaces > indent) {
        body.push(line.slice(Math.min(spaces, contentIndent)));
      } else if (!startsBlock(lines, i) && !isBlank(body[body.length - 1])) {
        body.push(line.trim()); // lazy paragraph continuation
      } else {
        break;
      }
      i++;
    }
    items.push(body);
    if (i < lines.length && isBlank(lines[i]) && LIST_ITEM.test(lines[i + 1] || '')) {
      const next = LIST_ITEM.exec(lines[i + 1]);
      if (next[1].length === indent && listKind(next[2]) === kind) {
        loose = true;
        i++;
      }
    }
  }
  const startNum = kind === 'ol' ? parseInt(first[2], 10) : 1;
  const startAttr = kind === 'ol' && startNum !== 1 ? ` start="${startNum}"` : '';
  const html = items.map((body) => {
    const inner = renderBlocks(body, depth + 1);
    const tight = !loose ? inner.replace(/^<p>([\s\S]*?)<\/p>/, '$1') : inner;
    return `<li>${tight}</li>`;
  });
  out.push(`<${kind}${startAttr}>\n${html.join('\n')}\n</${kind}>`);
  return i;
}

function leadingSpaces(line) {
  return line.length - line.replace(/^ +/, '').length;
}

function splitRow(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function renderTable(lines, start, out) {
  const header = splitRow(lines[start]);
  const aligns = splitRow(lines[start + 1]).map((spec) => {
    if (spec.startsWith(':') && spec.endsWith(':')) return ' class="al-c"';
    if (spec.endsWith(':')) return ' class="al-r"';
    return '';
  });
  const cell = (tag, text, col) => `<${tag}${aligns[col] || ''}>${renderInline(text)}</${tag}>`;
  const rows = [];
  let i = start + 2;
  while (i < lines.length && !isBlank(lines[i]) && lines[i].includes('|')) {
    const cells = splitRow(lines[i]);
    rows.push(`<tr>${header.map((_, c) => cell('td', cells[c] || '', c)).join('')}</tr>`);
    i++;
  }
  const head = `<tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr>`;
  out.push(`<div class="table-wrap"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`);
  return i;
}

// ---------------------------------------------------------------- inline

/** Renders one run of inline Markdown (code, links, emphasis) to safe HTML. */
export function renderInline(raw) {
  const holes = [];
  const stash = (html) => `${HOLE}${holes.push(html) - 1}${HOLE}`;

  // 1. Code spans, taken from the raw text so their content is escaped once and left alone.
  let text = clean(raw).replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_, ticks, code) => {
    const body = code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code;
    return stash(`<code>${escapeHtml(body)}</code>`);
  });

  // 2. Everything else is escaped before any tag is added.
  text = escapeHtml(text);

  // 3. Backslash escapes keep a punctuation character literal.
  text = text.replace(/\\([\\`*_{}\[\]()#+\-.!~|])/g, (_, c) => stash(c));

  // 4. Links and images (images become plain links: no remote loads from agent text).
  text = text.replace(/(!?)\[([^\]\n]*)\]\(\s*([^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+&quot;[^\n]*?&quot;)?\s*\)/g,
    (whole, bang, label, href) => {
      const shown = label || href;
      if (!SAFE_HREF.test(href)) return stash(emphasis(shown));
      const prefix = bang ? '🖼 ' : '';
      return stash(`<a href="${href}" ${LINK_ATTRS}>${prefix}${emphasis(shown)}</a>`);
    });

  // 5. Autolinks: <https://…> and bare http(s) URLs. Trailing punctuation stays outside.
  text = text.replace(/&lt;((?:https?:\/\/|mailto:)[^\s&]+)&gt;/gi,
    (_, href) => stash(`<a href="${href}" ${LINK_ATTRS}>${href}</a>`));
  text = text.replace(/\bhttps?:\/\/(?:(?!&(?:quot|lt|gt|#39);)[^\s\u0000])+/gi, (url) => {
    const trimmed = url.replace(/(?:[.,:;!?)\]*_~]|&amp;)+$/, '');
    const rest = url.slice(trimmed.length);
    return stash(`<a href="${trimmed}" ${LINK_ATTRS}>${trimmed}</a>`) + rest;
  });

  // 6. Emphasis on what is left, then put the stashed pieces back (they may nest).
  text = emphasis(text);
  for (let guard = 0; text.includes(HOLE) && guard < 8; guard++) {
    text = text.replace(HOLE_RE, (_, n) => holes[Number(n)]);
  }
  return text;
}

function emphasis(text) {
  return text
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=[^\s*])([^*\n]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=[^\s_])([^_\n]*?[^\s_]|[^\s_])_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, '<del>$1</del>');
}
