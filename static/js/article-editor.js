// The article body's rich-text editor in the admin (django-prose-editor, from its wheel).
//
// The toolbar and schema come from the textarea's data-django-prose-editor-newsroom
// attribute, written by articles/forms.py from ARTICLE_EDITOR_EXTENSIONS in
// articles/sanitize.py: what the editor can produce is what the safelist keeps.
// Differences from the package's "configurable" preset:
// - the editor never injects a <style> element (the site's CSP has no
//   'unsafe-inline'); its base styles are static/css/article-editor.css;
// - pasted h1 becomes h2 and h4-h6 become h3 (the article uses h2 and h3 only);
// - the figure button opens the photo library's picker (admin:photos_photo_picker)
//   and inserts the chosen photo as <figure><img data-photo-id …><figcaption>.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-newsroom";

const Heading = prose.Heading.extend({
  parseHTML() {
    return [
      { tag: "h1", attrs: { level: 2 } },
      { tag: "h2", attrs: { level: 2 } },
      { tag: "h3", attrs: { level: 3 } },
      { tag: "h4", attrs: { level: 3 } },
      { tag: "h5", attrs: { level: 3 } },
      { tag: "h6", attrs: { level: 3 } },
    ];
  },
});

// Inline styles never reach the page: the CSP refuses them even in a detached document,
// which is where the editor parses pasted HTML and the stored body. Bold and italic
// given by style (word processors, Google Docs) become marks the schema knows.
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

function withoutInlineStyles(html) {
  return html.replace(STYLE_ATTRIBUTE, function (match, value) {
    const style = value.toLowerCase();
    let marks = "";
    const weight = /font-weight\s*:\s*([a-z0-9]+)/.exec(style);
    if (weight) {
      marks += /^(bold|bolder|[6-9]00)$/.test(weight[1]) ? " data-paste-bold" : " data-paste-normal";
    }
    if (/font-style\s*:\s*italic/.test(style)) {
      marks += " data-paste-italic";
    }
    return marks;
  });
}

const Bold = prose.Bold.extend({
  parseHTML() {
    return [
      { tag: "strong" },
      // Google Docs wraps everything in <b style="font-weight:normal">.
      { tag: "b", getAttrs: (node) => !node.hasAttribute("data-paste-normal") && null },
      { tag: "[data-paste-bold]" },
    ];
  },
});

const Italic = prose.Italic.extend({
  parseHTML() {
    return [{ tag: "em" }, { tag: "i" }, { tag: "[data-paste-italic]" }];
  },
});

// A library photo keeps its id, so that the public page can serve its renditions.
const Image = prose.Image.extend({
  addAttributes() {
    return {
      ...(this.parent ? this.parent() : {}),
      photoId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-photo-id"),
        renderHTML: (attributes) =>
          attributes.photoId ? { "data-photo-id": attributes.photoId } : {},
      },
    };
  },
});

function captionText(photo) {
  return [photo.caption, photo.credit_line].filter(Boolean).join(" ");
}

function figureFor(photo) {
  const content = [
    {
      type: "image",
      attrs: {
        src: photo.url,
        alt: photo.alt || "",
        width: photo.width || null,
        height: photo.height || null,
        photoId: String(photo.id),
      },
    },
  ];
  const caption = captionText(photo);
  if (caption) {
    content.push({ type: "caption", content: [{ type: "text", text: caption }] });
  }
  return { type: "figure", content: content };
}

let pickingEditor = null;

window.addEventListener("message", function (event) {
  const data = event.data;
  if (event.origin !== window.location.origin || !data || data.type !== "newsroom:photo-picked") {
    return;
  }
  if (pickingEditor && !pickingEditor.isDestroyed) {
    pickingEditor.chain().focus().insertContent(figureFor(data.photo)).run();
  }
  pickingEditor = null;
});

function makeFigure(pickerUrl) {
  if (!pickerUrl) {
    return prose.Figure;
  }
  return prose.Figure.extend({
    addCommands() {
      const commands = this.parent ? this.parent() : {};
      return {
        ...commands,
        insertFigure:
          () =>
          ({ editor, dispatch }) => {
            if (dispatch) {
              pickingEditor = editor;
              window.open(pickerUrl, "newsroom-photo-picker", "width=960,height=720");
            }
            return true;
          },
      };
    },
  });
}

function extensionsFrom(config) {
  const own = {
    Heading: Heading,
    Bold: Bold,
    Italic: Italic,
    Image: Image,
    Figure: makeFigure(config.photoPickerUrl),
  };
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = own[name] || prose[name];
    if (!extension) {
      console.warn("article-editor: unknown extension", name);
      continue;
    }
    extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  return extensions;
}

// The toolbar's buttons and block-type options, named in the page's language.
function labelToolbar(wrapper, labels) {
  for (const button of wrapper.querySelectorAll(".prose-menubar [data-name]")) {
    const label = labels[button.dataset.name];
    if (!label) {
      continue;
    }
    if (button.classList.contains("prose-menubar__option")) {
      button.firstElementChild.textContent = label;
    } else {
      button.title = label;
      button.setAttribute("aria-label", label);
    }
  }
  const current = wrapper.querySelector(".prose-menubar__selected button");
  if (current && labels.paragraph) {
    current.title = labels.paragraph;
    current.setAttribute("aria-label", labels.paragraph);
  }
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: "prose-editor" + (disabled ? " disabled" : "") });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions: extensionsFrom(config),
    content: withoutInlineStyles(textarea.value),
    injectCSS: false,
    editorProps: { transformPastedHTML: withoutInlineStyles },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty document is one empty paragraph: store it as an empty body.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  // The menu bar is built once the editor has been created.
  editor.on("create", function () {
    labelToolbar(wrapper, config.labels || {});
  });
  labelToolbar(wrapper, config.labels || {});
  // The contenteditable area is the field for assistive technology: name it after the label.
  const label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
  if (label) {
    label.id = label.id || textarea.id + "-label";
    editor.view.dom.setAttribute("aria-labelledby", label.id);
  }
  editor.view.dom.setAttribute("role", "textbox");
  editor.view.dom.setAttribute("aria-multiline", "true");
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor: editor, textarea: textarea }, bubbles: true }),
  );
  return editor;
}

prose.initializeEditors(createEditor, "[" + ATTRIBUTE + "]");
