import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { highlightCode } from "./highlight";
import { renderMarkdown } from "./markdown-render";

const html = (source: string, highlight = true) => renderToStaticMarkup(<>{renderMarkdown(source, { highlight })}</>);

describe("renderMarkdown", () => {
  it("renders GFM blocks and inline marks", () => {
    expect(html("## Title\n\nSome **bold**, *em*, ~~gone~~ and `a<b`.")).toBe(
      "<h2>Title</h2><p>Some <strong>bold</strong>, <em>em</em>, <del>gone</del> and <code>a&lt;b</code>.</p>",
    );
    expect(html("- [x] done\n- [ ] todo")).toBe(
      '<ul><li><input type="checkbox" readOnly="" disabled="" class="mr-1 align-middle" checked=""/>done</li><li><input type="checkbox" readOnly="" disabled="" class="mr-1 align-middle"/>todo</li></ul>',
    );
    expect(html("3. c\n4. d")).toBe('<ol start="3"><li>c</li><li>d</li></ol>');
    expect(html("| a | b |\n|:-|-:|\n| 1 | **2** |")).toBe(
      '<table><thead><tr><th style="text-align:left">a</th><th style="text-align:right">b</th></tr></thead><tbody><tr><td style="text-align:left">1</td><td style="text-align:right"><strong>2</strong></td></tr></tbody></table>',
    );
  });

  it("never turns model output into markup or script", () => {
    expect(html('<img src=x onerror="alert(1)">\n\nhi <b>there</b>')).toBe('<p class="whitespace-pre-wrap">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p><p>hi &lt;b&gt;there&lt;/b&gt;</p>');
    expect(html("[click](javascript:alert(1)) [ok](https://example.com)")).toBe(
      '<p>click <a href="https://example.com" target="_blank" rel="noreferrer noopener">ok</a></p>',
    );
    // Images are linked, not loaded.
    expect(html("![chart](https://example.com/c.png)")).toBe('<p><a href="https://example.com/c.png" target="_blank" rel="noreferrer noopener">chart</a></p>');
  });

  it("decodes character references in prose but not in code", () => {
    expect(html("Tom &amp; Jerry &#39;&#x41;&#39; `&amp;`")).toBe("<p>Tom &amp; Jerry &#x27;A&#x27; <code>&amp;amp;</code></p>");
  });

  it("renders code plain first (highlighting follows in idle time) and highlights known languages", () => {
    expect(html("```ts\nconst a = 1;\n```")).toContain("<pre><code>const a = 1;</code></pre>");
    expect(renderToStaticMarkup(<>{highlightCode("const a = 1;", "ts")}</>)).toBe('<span class="hljs-keyword">const</span> a = <span class="hljs-number">1</span>;');
    expect(highlightCode("x", "")).toBeNull();
  });
});
