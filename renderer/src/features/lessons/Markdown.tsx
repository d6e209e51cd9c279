/**
 * Lesson Markdown as React elements (markdown.ts parses it): text is always text, never HTML. Links open
 * outside the app — a new tab in browser mode, the system browser in Electron (its window-open handler
 * hands http(s) URLs to the OS) — without an opener or a referrer.
 */
import type { ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown.ts';

export function InlineText(props: { readonly nodes: readonly Inline[] }): ReactNode {
  return props.nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return (
          <strong key={i}>
            <InlineText nodes={n.children} />
          </strong>
        );
      case 'em':
        return (
          <em key={i}>
            <InlineText nodes={n.children} />
          </em>
        );
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer" title={n.href}>
            <InlineText nodes={n.children} />
          </a>
        );
    }
  });
}

function BlockView(props: { readonly block: Block; readonly headingOffset: number }): ReactNode {
  const { block: b, headingOffset } = props;
  switch (b.kind) {
    case 'heading': {
      const Tag = `h${Math.min(6, b.level + headingOffset)}` as 'h4';
      return (
        <Tag>
          <InlineText nodes={b.children} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p>
          <InlineText nodes={b.children} />
        </p>
      );
    case 'list': {
      const items = b.items.map((item, i) => (
        <li key={i}>
          <InlineText nodes={item} />
        </li>
      ));
      return b.ordered ? <ol start={b.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code':
      return (
        <pre className="md-code">
          <code>{b.text}</code>
        </pre>
      );
    case 'table':
      return (
        <div className="md-table-wrap">
          <table className="md-table">
            <thead>
              <tr>
                {b.head.map((cell, i) => (
                  <th key={i} className={b.align[i] ? `align-${b.align[i]}` : undefined}>
                    <InlineText nodes={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} className={b.align[i] ? `align-${b.align[i]}` : undefined}>
                      <InlineText nodes={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'quote':
      return (
        <blockquote>
          {b.children.map((c, i) => (
            <BlockView key={i} block={c} headingOffset={headingOffset} />
          ))}
        </blockquote>
      );
  }
}

/** Render Markdown text; its headings are shifted down by `headingOffset` levels (the page has its own). */
export function Markdown(props: {
  readonly text: string;
  readonly headingOffset?: number;
  readonly className?: string;
}) {
  const blocks = parseMarkdown(props.text);
  if (blocks.length === 0) return null;
  return (
    <div className={props.className ? `markdown ${props.className}` : 'markdown'}>
      {blocks.map((b, i) => (
        <BlockView key={i} block={b} headingOffset={props.headingOffset ?? 2} />
      ))}
    </div>
  );
}
