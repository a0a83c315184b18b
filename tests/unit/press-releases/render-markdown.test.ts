import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/press-releases/render-markdown.js';

describe('renderMarkdown', () => {
  it('applies a span attribute list to the link before it', () => {
    expect(renderMarkdown('[Open Data Index](https://index.okfn.org/){:target="_blank"}').html).toBe(
      '<p><a href="https://index.okfn.org/" target="_blank" rel="noopener noreferrer">Open Data Index</a></p>\n',
    );
  });

  it('applies a span attribute list to an image inside a link', () => {
    expect(renderMarkdown('[![Panorama](/uploads/p.png){: width="200px" height="91px" }](https://x.fr/)').html).toBe(
      '<p><a href="https://x.fr/"><img src="/uploads/p.png" alt="Panorama" width="200px" height="91px" /></a></p>\n',
    );
  });

  it('applies a block attribute list closing a paragraph to that paragraph', () => {
    expect(renderMarkdown('> [Lire la suite](https://www.etalab.gouv.fr/x)\n{: .lien-important}').html).toBe(
      '<blockquote>\n<p class="lien-important"><a href="https://www.etalab.gouv.fr/x">Lire la suite</a></p>\n</blockquote>\n',
    );
  });

  it('applies a block attribute list under a heading to the heading', () => {
    expect(renderMarkdown('### Un point d’étape\n{: .margin-top-2 .margin-bottom-1}\nLe programme avance.').html).toBe(
      '<h3 class="margin-top-2 margin-bottom-1">Un point d’étape</h3>\n<p>Le programme avance.</p>\n',
    );
  });

  it('drops an attribute list alone in its paragraph without leaving an empty paragraph', () => {
    const rendered = renderMarkdown('Texte.\n\n{: .text-center}\n');
    expect(rendered.html).toBe('<p class="text-center">Texte.</p>\n');
    expect(rendered.text).toBe('Texte.');
  });

  it('removes attribute lists swallowed by a raw HTML block', () => {
    const rendered = renderMarkdown('<figure class="image-right"><img src="/a.png"/></figure>\n{: .text-center}\n');
    expect(rendered.html).not.toContain('{:');
    expect(rendered.text).toBe('');
  });

  it('renders Markdown that follows a raw HTML block on the next line or on the same line', () => {
    const rendered = renderMarkdown(
      '<figure class="image-left"><img src="/a.png"/></figure>**Retour** sur [le projet](https://x.fr)\n\n<figure>\n  <img src="/b.png"/>\n</figure>\nUn an après *déjà*.',
    );
    expect(rendered.html).toBe(
      '<figure class="image-left"><img src="/a.png" /></figure>\n<p><strong>Retour</strong> sur <a href="https://x.fr">le projet</a></p>\n<figure>\n  <img src="/b.png" />\n</figure>\n<p>Un an après <em>déjà</em>.</p>\n',
    );
    expect(rendered.text).toBe('Retour sur le projet Un an après déjà.');
  });

  it('leaves attribute lists and HTML inside fenced code alone', () => {
    const rendered = renderMarkdown('```\n<div>x</div>\ntexte {: .x}\n```');
    expect(rendered.html).toBe('<pre><code>&lt;div&gt;x&lt;/div&gt;\ntexte {: .x}\n</code></pre>\n');
  });

  it('removes scripts, styles, frames, event handlers and javascript: URLs', () => {
    const rendered = renderMarkdown(
      [
        '<script>alert("x")</script>',
        '<style>p { color: red }</style>',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="color: red" onclick="steal()">Bonjour <a href="javascript:alert(1)">ici</a> <img src="/a.png" onerror="steal()"></p>',
        '',
        '[lien](javascript:alert(1)) <button onclick="myFunction(\'x\')">Voir</button>',
      ].join('\n'),
    );
    expect(rendered.html.trim()).toBe('<p>Bonjour <a>ici</a> <img src="/a.png" /></p>\n<p>[lien](javascript:alert(1)) Voir</p>');
    expect(rendered.text).toBe('Bonjour ici [lien](javascript:alert(1)) Voir');
  });

  it('decodes entities and collapses whitespace in the text, keeping a lone no-break space', () => {
    const rendered = renderMarkdown('Titre&nbsp;: l&#39;État &amp; les &lt;données&gt;\n\n\n   et   la suite');
    expect(rendered.text).toBe("Titre\u00a0: l'État & les <données> et la suite");
  });

  it('separates the words of adjacent block elements in the text', () => {
    expect(renderMarkdown('<ul><li>un</li><li>deux</li></ul><div>trois</div>').text).toBe('un deux trois');
  });
});
