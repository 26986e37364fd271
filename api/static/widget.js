/*
 * Trợ lý pháp luật — widget nhúng (vanilla JS, không cần build, không tải gì từ CDN).
 *
 * Nhúng bằng MỘT thẻ script:
 *   <script src="https://tro-ly.example.gov.vn/widget.js"
 *           data-api="https://tro-ly.example.gov.vn" data-collection="sample" defer></script>
 *
 * Thuộc tính tuỳ chọn: data-api (mặc định: nguồn của chính widget.js), data-collection,
 * data-title, data-position ("right" | "left"), data-open ("true" để mở sẵn), data-llm ("true").
 *
 * What it does: floating button → panel (Shadow DOM, so host CSS does not leak in); questions are
 * streamed from POST {api}/api/ask/stream (fetch + ReadableStream SSE parsing); renders answer text,
 * numbered citations with in-force badges, validity notes, conflict warnings, refusals; sends
 * thumbs up/down feedback; keeps conversation_id for follow-up questions.
 * What it does not do: it never renders server text as HTML — everything goes through textContent,
 * because legal documents are data, not markup or instructions.
 */
(function () {
  "use strict";

  if (window.__troLyPhapLuatLoaded) return;
  window.__troLyPhapLuatLoaded = true;

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll("script[src*='widget.js']");
    script = all[all.length - 1];
  }
  var scriptSrc = (script && script.src) || window.location.href;
  function attr(name, fallback) {
    var v = script && script.getAttribute(name);
    return v === null || v === undefined || v === "" ? fallback : v;
  }

  var API = new URL(attr("data-api", "/"), scriptSrc).href.replace(/\/+$/, "");
  var COLLECTION = attr("data-collection", "");
  var TITLE = attr("data-title", "Trợ lý pháp luật");
  var POSITION = attr("data-position", "right") === "left" ? "left" : "right";
  var START_OPEN = attr("data-open", "false") === "true";
  var USE_LLM = attr("data-llm", "false") === "true";
  var MAX_CHARS = 2000;
  var STORE_KEY = "troLyPhapLuat:conversation:" + (COLLECTION || "_");

  var T = {
    launcher: "Hỏi trợ lý pháp luật",
    close: "Đóng",
    newChat: "Cuộc hội thoại mới",
    inputLabel: "Nhập câu hỏi về pháp luật",
    placeholder: "Nhập câu hỏi… (Enter để gửi, Shift+Enter để xuống dòng)",
    send: "Gửi",
    welcome:
      "Xin chào! Tôi giúp anh/chị tra cứu văn bản quy phạm pháp luật. Mỗi câu trả lời kèm trích dẫn điều, khoản cụ thể; " +
      "vui lòng đối chiếu văn bản gốc trước khi sử dụng.",
    thinking: "Đang tra cứu văn bản…",
    citations: "Căn cứ pháp lý",
    quote: "Xem trích đoạn",
    inForce: "Còn hiệu lực",
    notInForce: "Hết hiệu lực",
    unknownForce: "Chưa rõ hiệu lực",
    validity: "Lưu ý về hiệu lực",
    conflict: "⚠ Phát hiện mâu thuẫn giữa các văn bản: ",
    conflictAnd: " và ",
    conflictApply: ", văn bản áp dụng: ",
    superseded: "ℹ Quy định đã được thay thế: ",
    refusal: "Không tìm thấy căn cứ để trả lời",
    suggestions: "Gợi ý:",
    error: "Đã xảy ra lỗi: ",
    networkError: "không kết nối được máy chủ trợ lý.",
    useful: "Câu trả lời hữu ích",
    notUseful: "Câu trả lời chưa hữu ích",
    feedbackAsk: "Câu trả lời có hữu ích không?",
    commentLabel: "Góp ý thêm (không bắt buộc)",
    sendFeedback: "Gửi đánh giá",
    thanks: "Cảm ơn anh/chị đã góp ý.",
    feedbackFailed: "Chưa gửi được đánh giá, vui lòng thử lại.",
    empty: "Vui lòng nhập câu hỏi.",
    tooLong: "Câu hỏi quá dài (tối đa " + MAX_CHARS + " ký tự).",
    disclaimer: "Thông tin tham khảo, không thay thế văn bản chính thức.",
    you: "Anh/chị",
    bot: "Trợ lý",
  };

  var CSS = [
    ":host{all:initial;}",
    "*{box-sizing:border-box;}",
    ".root{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;}",
    ".launcher{position:fixed;bottom:20px;" + POSITION + ":20px;z-index:2147483000;display:flex;align-items:center;gap:8px;",
    "  background:#0d47a1;color:#fff;border:0;border-radius:999px;padding:12px 18px;font:inherit;font-weight:600;cursor:pointer;",
    "  box-shadow:0 4px 14px rgba(0,0,0,.25);}",
    ".launcher:hover{background:#0b3c89;}",
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #ffb300;outline-offset:2px;}",
    ".panel{position:fixed;bottom:84px;" + POSITION + ":20px;z-index:2147483001;width:min(420px,calc(100vw - 24px));",
    "  height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border:1px solid #c9d1d9;",
    "  border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.25);overflow:hidden;}",
    ".panel[hidden]{display:none;}",
    ".head{display:flex;align-items:center;gap:8px;background:#0d47a1;color:#fff;padding:10px 12px;}",
    ".head h2{flex:1;margin:0;font-size:16px;font-weight:700;}",
    ".head button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.6);border-radius:6px;padding:4px 8px;font:inherit;font-size:13px;cursor:pointer;}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;background:#f6f8fa;}",
    ".msg{max-width:92%;padding:8px 12px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word;}",
    ".msg.user{align-self:flex-end;background:#0d47a1;color:#fff;}",
    ".msg.bot{align-self:flex-start;background:#fff;border:1px solid #d0d7de;}",
    ".msg.bot.refused{background:#f3f4f6;border:1px dashed #8c959f;color:#424a53;}",
    ".msg.bot.failed{background:#ffebe9;border:1px solid #cf222e;color:#82071e;}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}",
    ".thinking{color:#57606a;font-style:italic;}",
    ".refusal{font-style:italic;}",
    ".refusal-title{font-weight:700;font-style:normal;display:block;margin-bottom:2px;}",
    ".section-title{font-weight:700;font-size:13px;margin:8px 0 4px;color:#24292f;white-space:normal;}",
    ".cites{margin:0;padding-left:0;list-style:none;white-space:normal;}",
    ".cite{margin:4px 0;padding:6px 8px;border:1px solid #d0d7de;border-radius:8px;background:#fbfcfd;font-size:13.5px;}",
    ".cite-num{font-weight:700;color:#0d47a1;margin-right:4px;}",
    ".badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:999px;font-size:12px;font-weight:600;border:1px solid;}",
    ".badge.on{color:#1a5e20;background:#e8f5e9;border-color:#1a5e20;}",
    ".badge.off{color:#a40e26;background:#ffebe9;border-color:#a40e26;}",
    ".badge.unknown{color:#424a53;background:#eaeef2;border-color:#8c959f;}",
    ".status{display:block;color:#57606a;font-size:12.5px;}",
    "details{margin-top:2px;} summary{cursor:pointer;color:#0d47a1;font-size:12.5px;}",
    "blockquote{margin:4px 0 0;padding:4px 8px;border-left:3px solid #8c959f;background:#f6f8fa;white-space:pre-wrap;font-size:13px;}",
    ".notes{margin:0;padding-left:18px;font-size:13px;white-space:normal;}",
    ".conflict{margin-top:8px;padding:8px 10px;background:#fff8e1;border:1px solid #d4a72c;border-left:5px solid #bf8700;border-radius:6px;color:#4d2d00;font-size:13.5px;white-space:normal;}",
    ".conflict.info{background:#eef6ff;border-color:#54aeff;border-left-color:#0969da;color:#0a3069;}",
    ".conflict small{display:block;margin-top:2px;color:#57606a;}",
    ".feedback{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:8px;font-size:12.5px;color:#57606a;white-space:normal;}",
    ".feedback button{display:inline-flex;align-items:center;border:1px solid #d0d7de;background:#fff;color:#424a53;border-radius:6px;padding:3px 8px;font:inherit;font-size:13px;cursor:pointer;}",
    ".feedback button[aria-pressed=true]{background:#ddf4ff;border-color:#0969da;}",
    ".feedback textarea{width:100%;min-height:48px;font:inherit;font-size:13px;padding:4px;border:1px solid #8c959f;border-radius:6px;}",
    ".form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de;background:#fff;}",
    ".form textarea{flex:1;resize:none;height:56px;font:inherit;padding:6px 8px;border:1px solid #8c959f;border-radius:8px;color:#1f2328;background:#fff;}",
    ".form button{background:#0d47a1;color:#fff;border:0;border-radius:8px;padding:0 16px;font:inherit;font-weight:600;cursor:pointer;}",
    ".form button:disabled{background:#8c959f;cursor:not-allowed;}",
    ".foot{padding:0 10px 8px;font-size:11.5px;color:#57606a;background:#fff;}",
    ".hint{color:#a40e26;font-size:12.5px;padding:0 10px;background:#fff;min-height:0;}",
    "@media (max-width:480px){.panel{bottom:0;" + POSITION + ":0;width:100vw;height:100vh;border-radius:0;}}",
    "@media (prefers-reduced-motion:no-preference){.launcher{transition:background .15s;}}",
  ].join("\n");

  // ------------------------------------------------------------------ DOM helpers (text only, never HTML)

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
        var value = props[key];
        if (value === null || value === undefined || value === false) continue;
        if (key === "text") node.textContent = String(value);
        else if (key === "className") node.className = value;
        else if (key.slice(0, 2) === "on" && typeof value === "function") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // Icons are inline SVG built node by node (no emoji: many office PCs lack emoji fonts; no HTML parsing).
  var ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    thumb:
      "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59" +
      "C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
  };
  function icon(name, flip) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (flip) svg.setAttribute("transform", "rotate(180)");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function asText(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v === "object" && typeof v.text === "string") return v.text;
    return String(v);
  }

  // ------------------------------------------------------------------ SSE over fetch

  function parseBlock(block) {
    var event = "message";
    var data = [];
    block.split("\n").forEach(function (line) {
      if (!line || line.charAt(0) === ":") return;
      var i = line.indexOf(":");
      var field = i < 0 ? line : line.slice(0, i);
      var value = i < 0 ? "" : line.slice(i + 1);
      if (value.charAt(0) === " ") value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    });
    if (!data.length) return null;
    var raw = data.join("\n");
    var parsed = raw;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      /* plain text data */
    }
    return { event: event, data: parsed };
  }

  async function streamSSE(url, body, onEvent, signal) {
    var res;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: signal,
        credentials: "omit",
      });
    } catch (e) {
      throw new Error(T.networkError);
    }
    if (!res.ok) {
      var msg = "máy chủ trả lỗi " + res.status + ".";
      try {
        var j = await res.json();
        if (j && typeof j.message === "string") msg = j.message;
        else if (j && typeof j.detail === "string") msg = j.detail;
      } catch (e) {
        /* keep generic */
      }
      throw new Error(msg);
    }
    var reader = res.body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buf = "";
    function drain(final) {
      var hold = "";
      if (!final && buf.slice(-1) === "\r") {
        hold = "\r";
        buf = buf.slice(0, -1);
      }
      buf = buf.replace(/\r\n?/g, "\n");
      var idx;
      while ((idx = buf.indexOf("\n\n")) >= 0) {
        var ev = parseBlock(buf.slice(0, idx));
        buf = buf.slice(idx + 2);
        if (ev) onEvent(ev);
      }
      if (final && buf.trim()) {
        var last = parseBlock(buf);
        buf = "";
        if (last) onEvent(last);
      }
      buf += hold;
    }
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buf += decoder.decode(chunk.value, { stream: true });
      drain(false);
    }
    buf += decoder.decode();
    drain(true);
  }

  // ------------------------------------------------------------------ widget

  var host = el("div", { id: "tro-ly-phap-luat-widget" });
  var shadow = host.attachShadow({ mode: "open" });
  shadow.appendChild(el("style", { text: CSS }));

  var conversationId = null;
  try {
    conversationId = window.sessionStorage.getItem(STORE_KEY);
  } catch (e) {
    conversationId = null;
  }
  var busy = false;

  var launcher = el("button", {
    type: "button",
    className: "launcher",
    "aria-expanded": "false",
    "aria-controls": "tlpl-panel",
  }, [icon("chat"), T.launcher]);
  var log = el("div", {
    className: "log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions text",
    "aria-label": "Hội thoại",
    tabindex: "0",
  });
  var input = el("textarea", {
    id: "tlpl-input",
    name: "question",
    maxlength: String(MAX_CHARS),
    placeholder: T.placeholder,
    rows: "2",
  });
  var sendBtn = el("button", { type: "submit", className: "send", text: T.send });
  var hint = el("div", { className: "hint", role: "status", "aria-live": "polite" });
  var closeBtn = el("button", { type: "button", className: "close", "aria-label": T.close, text: "✕" });
  var newBtn = el("button", { type: "button", className: "new", text: T.newChat });
  var form = el("form", { className: "form", novalidate: true }, [
    el("label", { className: "sr", for: "tlpl-input", text: T.inputLabel }),
    input,
    sendBtn,
  ]);
  var panel = el(
    "section",
    { id: "tlpl-panel", className: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "tlpl-title", hidden: true },
    [
      el("div", { className: "head" }, [el("h2", { id: "tlpl-title", text: TITLE }), newBtn, closeBtn]),
      log,
      hint,
      form,
      el("div", { className: "foot", text: T.disclaimer }),
    ]
  );
  var root = el("div", { className: "root", lang: "vi" }, [launcher, panel]);
  shadow.appendChild(root);

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function welcome() {
    log.appendChild(el("div", { className: "msg bot welcome" }, [T.welcome]));
  }
  welcome();

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      input.focus();
      scrollDown();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () {
    setOpen(panel.hidden);
  });
  closeBtn.addEventListener("click", function () {
    setOpen(false);
  });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      e.stopPropagation();
      setOpen(false);
    }
  });
  newBtn.addEventListener("click", function () {
    if (busy) return;
    conversationId = null;
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) {
      /* ignore */
    }
    while (log.firstChild) log.removeChild(log.firstChild);
    welcome();
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    submit();
  });

  function rememberConversation(id) {
    if (!id || typeof id !== "string") return;
    conversationId = id;
    try {
      window.sessionStorage.setItem(STORE_KEY, id);
    } catch (e) {
      /* ignore */
    }
  }

  // ------------------------------------------------------------------ rendering one bot message

  function BotMessage(question) {
    this.question = question;
    this.node = el("div", { className: "msg bot", "aria-busy": "true" });
    this.thinking = el("span", { className: "thinking", text: T.thinking });
    this.textNode = el("div", { className: "answer-text" });
    this.node.appendChild(this.thinking);
    this.node.appendChild(this.textNode);
    this.text = "";
    this.citeNums = {};
    this.citeList = null;
    this.conflictKeys = {};
    this.notes = {};
    this.notesList = null;
    this.refused = false;
    log.appendChild(this.node);
    scrollDown();
  }

  BotMessage.prototype.clearThinking = function () {
    if (this.thinking && this.thinking.parentNode) this.thinking.parentNode.removeChild(this.thinking);
    this.thinking = null;
  };

  BotMessage.prototype.appendText = function (piece, sentence) {
    if (!piece) return;
    this.clearThinking();
    if (sentence && this.text && !/\s$/.test(this.text) && !/^\s/.test(piece)) piece = " " + piece;
    this.text += piece;
    this.textNode.textContent = this.text;
    scrollDown();
  };

  BotMessage.prototype.setText = function (text) {
    this.clearThinking();
    this.text = text || "";
    this.textNode.textContent = this.text;
  };

  BotMessage.prototype.addCitation = function (c) {
    if (!c || typeof c !== "object") return;
    var num = c.number !== undefined ? c.number : Object.keys(this.citeNums).length + 1;
    if (this.citeNums[num]) return;
    this.citeNums[num] = true;
    this.clearThinking();
    if (!this.citeList) {
      this.node.appendChild(el("div", { className: "section-title", text: T.citations }));
      this.citeList = el("ol", { className: "cites" });
      this.node.appendChild(this.citeList);
    }
    var badge;
    if (c.in_force === true) badge = el("span", { className: "badge on", text: T.inForce });
    else if (c.in_force === false) badge = el("span", { className: "badge off", text: T.notInForce });
    else badge = el("span", { className: "badge unknown", text: T.unknownForce });
    var item = el("li", { className: "cite", "data-number": String(num) }, [
      el("span", { className: "cite-num", text: "[" + num + "]" }),
      el("span", { className: "cite-text", text: asText(c.citation) }),
      badge,
      // the badge already says "in force"; show the status line when it adds something (dates, expiry)
      c.status && !(c.in_force === true && /^Đang có hiệu lực\.?$/.test(asText(c.status)))
        ? el("span", { className: "status", text: asText(c.status) })
        : null,
      c.quote
        ? el("details", null, [el("summary", { text: T.quote }), el("blockquote", { className: "quote", text: asText(c.quote) })])
        : null,
    ]);
    this.citeList.appendChild(item);
    scrollDown();
  };

  BotMessage.prototype.addNote = function (note) {
    note = asText(note);
    if (!note || this.notes[note]) return;
    this.notes[note] = true;
    if (!this.notesList) {
      this.node.appendChild(el("div", { className: "section-title", text: T.validity }));
      this.notesList = el("ul", { className: "notes" });
      this.node.appendChild(this.notesList);
    }
    this.notesList.appendChild(el("li", { text: note }));
  };

  BotMessage.prototype.addConflict = function (c) {
    if (!c || typeof c !== "object" || c.label === "no_conflict") return;
    var a = c.a || {};
    var b = c.b || {};
    var key = asText(a.citation) + "|" + asText(b.citation) + "|" + asText(c.label);
    if (this.conflictKeys[key]) return;
    this.conflictKeys[key] = true;
    this.clearThinking();
    var winner = c.prevails === "a" ? a : c.prevails === "b" ? b : null;
    var superseded = c.label === "superseded";
    var line =
      (superseded ? T.superseded : T.conflict) +
      asText(a.citation) +
      T.conflictAnd +
      asText(b.citation) +
      (winner ? T.conflictApply + asText(winner.citation) : "");
    var box = el("div", { className: "conflict" + (superseded ? " info" : ""), role: "note" }, [
      el("strong", { text: line }),
      c.rule ? el("small", { text: asText(c.rule) }) : null,
      c.explanation ? el("small", { text: asText(c.explanation) }) : null,
    ]);
    this.node.appendChild(box);
    scrollDown();
  };

  BotMessage.prototype.setRefusal = function (data) {
    if (this.refused) return;
    this.refused = true;
    this.clearThinking();
    this.node.classList.add("refused");
    var message = "";
    var suggestions = [];
    if (typeof data === "string") message = data;
    else if (data && typeof data === "object") {
      message = asText(data.text || data.message || data.reason || data.refusal_reason || "");
      if (Array.isArray(data.suggestions)) suggestions = data.suggestions;
    }
    this.textNode.textContent = "";
    this.textNode.classList.add("refusal");
    this.textNode.appendChild(el("span", { className: "refusal-title", text: "ⓘ " + T.refusal }));
    this.textNode.appendChild(document.createTextNode(message || this.text));
    this.text = message || this.text;
    if (suggestions.length) {
      this.node.appendChild(el("div", { className: "section-title", text: T.suggestions }));
      var ul = el("ul", { className: "notes" });
      suggestions.forEach(function (s) {
        ul.appendChild(el("li", { text: asText(s) }));
      });
      this.node.appendChild(ul);
    }
  };

  BotMessage.prototype.fail = function (message) {
    this.clearThinking();
    this.node.classList.add("failed");
    this.node.appendChild(el("div", { className: "error", role: "alert", text: T.error + message }));
    this.finish(false);
  };

  BotMessage.prototype.done = function (data) {
    var self = this;
    if (data && typeof data === "object") {
      if (data.conversation_id) rememberConversation(data.conversation_id);
      if (data.refused) {
        this.setRefusal({ text: data.text || data.refusal_reason, suggestions: data.suggestions });
      } else if (typeof data.text === "string" && data.text && data.text !== this.text) {
        // done carries the final (in LLM mode: verified) text, which replaces what was streamed
        this.setText(data.text);
      }
      (data.citations || []).forEach(function (c) {
        self.addCitation(c);
      });
      (data.validity_notes || []).forEach(function (n) {
        self.addNote(n);
      });
      (data.conflicts || []).forEach(function (c) {
        self.addConflict(c);
      });
    }
    this.finish(true);
  };

  BotMessage.prototype.finish = function (ok) {
    this.clearThinking();
    this.node.setAttribute("aria-busy", "false");
    if (ok) this.node.appendChild(this.feedbackControls());
    scrollDown();
  };

  BotMessage.prototype.feedbackControls = function () {
    var self = this;
    var box = el("div", { className: "feedback" });
    var label = el("span", { text: T.feedbackAsk });
    var up = el("button", { type: "button", className: "up", "aria-label": T.useful, title: T.useful, "aria-pressed": "false" }, [icon("thumb")]);
    var down = el("button", { type: "button", className: "down", "aria-label": T.notUseful, title: T.notUseful, "aria-pressed": "false" }, [icon("thumb", true)]);
    box.appendChild(label);
    box.appendChild(up);
    box.appendChild(down);
    function send(rating, comment) {
      up.disabled = down.disabled = true;
      var body = {
        conversation_id: conversationId,
        question: self.question,
        answer_text: self.text.slice(0, 20000),
        rating: rating,
        comment: comment || null,
        collection: COLLECTION || null,
      };
      fetch(API + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit",
      })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          while (box.firstChild) box.removeChild(box.firstChild);
          box.appendChild(el("span", { className: "thanks", role: "status", text: T.thanks }));
        })
        .catch(function () {
          up.disabled = down.disabled = false;
          label.textContent = T.feedbackFailed;
        });
    }
    up.addEventListener("click", function () {
      up.setAttribute("aria-pressed", "true");
      send(1, null);
    });
    down.addEventListener("click", function () {
      down.setAttribute("aria-pressed", "true");
      if (box.querySelector("textarea")) return;
      var id = "tlpl-c-" + Math.random().toString(36).slice(2);
      var ta = el("textarea", { id: id, maxlength: "2000" });
      var go = el("button", { type: "button", className: "send-feedback", text: T.sendFeedback });
      go.addEventListener("click", function () {
        go.disabled = true;
        send(-1, ta.value.trim());
      });
      box.appendChild(el("label", { for: id, text: T.commentLabel }));
      box.appendChild(ta);
      box.appendChild(go);
      ta.focus();
    });
    return box;
  };

  // ------------------------------------------------------------------ asking

  function setBusy(b) {
    busy = b;
    sendBtn.disabled = b;
    newBtn.disabled = b;
  }

  async function ask(question) {
    question = String(question || "").trim();
    hint.textContent = "";
    if (!question) {
      hint.textContent = T.empty;
      return;
    }
    if (question.length > MAX_CHARS) {
      hint.textContent = T.tooLong;
      return;
    }
    if (busy) return;
    setBusy(true);
    log.appendChild(el("div", { className: "msg user" }, [el("span", { className: "sr", text: T.you + ": " }), question]));
    var msg = new BotMessage(question);
    var finished = false;
    var body = { question: question, llm: USE_LLM };
    if (COLLECTION) body.collection = COLLECTION;
    if (conversationId) body.conversation_id = conversationId;
    try {
      await streamSSE(API + "/api/ask/stream", body, function (ev) {
        var d = ev.data;
        switch (ev.event) {
          case "conversation":
            if (d && d.conversation_id) rememberConversation(d.conversation_id);
            break;
          case "token":
            msg.appendText(asText(d), false);
            break;
          case "sentence":
            msg.appendText(asText(d), true);
            break;
          case "citation":
            msg.addCitation(d);
            break;
          case "conflict":
            msg.addConflict(d);
            break;
          case "validity":
          case "validity_note":
          case "note":
            (Array.isArray(d) ? d : [d]).forEach(function (n) {
              msg.addNote(n);
            });
            break;
          case "refusal":
            msg.setRefusal(d);
            break;
          case "error":
            finished = true;
            msg.fail(d && d.message ? asText(d.message) : asText(d));
            break;
          case "done":
            finished = true;
            msg.done(d);
            break;
          default:
            break;
        }
      });
      if (!finished) msg.done(null);
    } catch (e) {
      if (!finished) msg.fail(e && e.message ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function submit() {
    var q = input.value;
    if (busy) return;
    if (q.trim() && q.trim().length <= MAX_CHARS) input.value = "";
    input.focus(); // keep focus in the panel (the send button is disabled while answering)
    ask(q);
  }

  function mount() {
    document.body.appendChild(host);
    if (START_OPEN) setOpen(true);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.TroLyPhapLuat = {
    open: function () {
      setOpen(true);
    },
    close: function () {
      setOpen(false);
    },
    ask: ask,
    conversationId: function () {
      return conversationId;
    },
  };
})();
