/*
 * Trợ lý pháp luật — widget nhúng (web component <tro-ly-phap-luat>, vanilla JS, không cần build,
 * không tải gì từ CDN).
 *
 * Nhúng bằng MỘT thẻ script (thẻ này tự tạo một phần tử <tro-ly-phap-luat> ở cuối <body>):
 *   <script src="https://tro-ly.example.gov.vn/widget.js"
 *           data-api-key="…" data-collection="sample" defer></script>
 *
 * Hoặc tự đặt phần tử ở vị trí mong muốn (khi đó thẻ script không tạo thêm phần tử nào):
 *   <tro-ly-phap-luat data-collection="sample" data-api-key="…"></tro-ly-phap-luat>
 *   <script src="https://tro-ly.example.gov.vn/widget.js" defer></script>
 *
 * Thuộc tính (trên phần tử, nếu thiếu thì lấy từ thẻ script): data-api-key (gửi trong header X-API-Key),
 * data-collection, data-api (mặc định: nguồn của chính widget.js), data-title, data-position ("right" | "left"),
 * data-open ("true" để mở sẵn), data-llm ("true"), data-suggestions ("Câu hỏi 1|Câu hỏi 2": nút câu hỏi gợi ý).
 *
 * What it does: a custom element with a Shadow DOM (styles live inside it; `:host{all:initial}` keeps the host
 * page's CSS out, and nothing is added to the page's own styles). Floating bubble → dialog panel; questions are
 * streamed from POST {api}/api/v1/ask/stream (fetch + ReadableStream SSE parsing); renders answer text, numbered
 * citations that open the full provision (GET /api/v1/provisions/{chunk_id}) with a validity badge, validity notes,
 * conflict warnings with both provisions, refusals with suggestions; copy answer; print one answer (its own hidden
 * iframe); thumbs up/down feedback
 * (POST /api/v1/feedback); keeps conversation_id and the last answers (sessionStorage) for follow-up questions, shown
 * again on the portal's next page.
 * What it does not do: it never renders server text as HTML — everything goes through textContent, because legal
 * documents are data, not markup or instructions.
 */
(function () {
  "use strict";

  var TAG = "tro-ly-phap-luat";
  if (!window.customElements || window.customElements.get(TAG)) return; // no web components, or already loaded

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll("script[src*='widget.js']");
    script = all[all.length - 1] || null;
  }
  var SCRIPT_SRC = (script && script.src) || window.location.href;
  var MAX_CHARS = 2000;
  var MAX_TURNS = 20; // answers kept for the next page of the portal (sessionStorage, ~6 KB each)
  var FULL_SCREEN = "(max-width:480px)"; // the panel covers the whole page (phones): see css() and _coverPage
  var PLACEHOLDER_KEY = /^__[A-Z_]+__$/; // an unreplaced server-side placeholder such as __DEMO_API_KEY__

  var T = {
    launcher: "Hỏi trợ lý pháp luật",
    close: "Đóng",
    closePanel: "Đóng cửa sổ trợ lý",
    newChat: "Cuộc hội thoại mới",
    inputLabel: "Nhập câu hỏi về pháp luật",
    placeholder: "Nhập câu hỏi… (Enter để gửi, Shift+Enter để xuống dòng)",
    send: "Gửi",
    conversation: "Hội thoại",
    welcome:
      "Xin chào! Tôi giúp anh/chị tra cứu văn bản quy phạm pháp luật. Mỗi câu trả lời kèm trích dẫn điều, khoản cụ thể; " +
      "vui lòng đối chiếu văn bản gốc trước khi sử dụng.",
    thinking: "Đang tra cứu văn bản…",
    citations: "Căn cứ pháp lý",
    quote: "Xem trích đoạn",
    openProvision: "Xem toàn văn",
    inForce: "Còn hiệu lực",
    notInForce: "Hết hiệu lực",
    notYet: "Chưa có hiệu lực",
    amended: "Đã sửa đổi",
    amendedFull: "Đã sửa đổi, bổ sung",
    unknownForce: "Chưa rõ hiệu lực",
    maybeExpired: "Có thể đã hết hiệu lực",
    guidance: "Tài liệu hướng dẫn",
    validity: "Lưu ý về hiệu lực",
    conflict: "⚠ Phát hiện mâu thuẫn giữa các văn bản: ",
    conflictAnd: " và ",
    conflictApply: ", văn bản áp dụng: ",
    superseded: "ℹ Quy định đã được thay thế: ",
    prevails: "Được áp dụng",
    notApplied: "Không áp dụng",
    rule: "Căn cứ xử lý: ",
    severity: "Mức độ: ",
    refusal: "Không tìm thấy căn cứ để trả lời",
    suggestions: "Gợi ý:",
    understood: "Câu hỏi được hiểu là: ",
    verdict: "Kết luận: ",
    verdictTrue: "Đúng",
    verdictFalse: "Sai",
    verdictChoice: "Đáp án ",
    verdictHelp: "Kết luận hệ thống rút ra khi đối chiếu với quy định được trích dẫn; vui lòng kiểm tra căn cứ bên dưới.",
    error: "Đã xảy ra lỗi: ",
    networkError: "không kết nối được máy chủ trợ lý.",
    cutOff: "câu trả lời bị gián đoạn trước khi hoàn tất, vui lòng hỏi lại.",
    llmOff: "Máy chủ chưa dùng được chế độ LLM: câu trả lời trên trích nguyên văn điều khoản.",
    serverError: "máy chủ trả lỗi ",
    useful: "Câu trả lời hữu ích",
    notUseful: "Câu trả lời chưa hữu ích",
    feedbackAsk: "Câu trả lời có hữu ích không?",
    commentLabel: "Góp ý thêm (không bắt buộc)",
    sendFeedback: "Gửi đánh giá",
    thanks: "Cảm ơn anh/chị đã góp ý.",
    feedbackFailed: "Chưa gửi được đánh giá: ",
    copy: "Sao chép",
    copyLabel: "Sao chép câu trả lời",
    copied: "Đã sao chép",
    copyFailed: "Không sao chép được",
    empty: "Vui lòng nhập câu hỏi.",
    tooLong: "Câu hỏi quá dài (tối đa " + MAX_CHARS + " ký tự).",
    charCount: " Hiện có {n} ký tự.",
    disclaimer: "Thông tin tham khảo, không thay thế văn bản chính thức.",
    you: "Anh/chị",
    bot: "Trợ lý",
    back: "← Quay lại hội thoại",
    provisionTitle: "Toàn văn quy định",
    loadingProvision: "Đang tải toàn văn…",
    provisionFailed: "Không tải được toàn văn: ",
    docLabel: "Văn bản: ",
    issuer: "Cơ quan ban hành: ",
    issuedOn: "Ngày ban hành: ",
    effectiveFrom: "Có hiệu lực từ: ",
    effectiveTo: "Có hiệu lực đến hết ngày: ",
    amendedBy: "Được sửa đổi, bổ sung bởi: ",
    replacedBy: "Được thay thế bởi: ",
    repealedBy: "Bị bãi bỏ bởi: ",
    sourceCitation: "Trích từ: ",
    citedHelp: "Phần được trích dẫn ({unit}) được đánh dấu trong toàn văn dưới đây.",
    suggestTitle: "Câu hỏi gợi ý",
    print: "In",
    printLabel: "In câu trả lời",
    printHeading: "Câu trả lời",
    askedOn: "Ngày hỏi: ",
    printedOn: "Ngày in: ",
    question: "Câu hỏi",
    answer: "Trả lời",
    quoteLabel: "Trích đoạn: ",
  };

  // provision status → [css class, default Vietnamese label]
  var STATUS = {
    in_force: ["s-in_force", T.inForce],
    expired: ["s-expired", T.notInForce],
    amended: ["s-amended", T.amendedFull],
    not_yet: ["s-not_yet", T.notYet],
    unknown: ["s-unknown", T.unknownForce],
    superseded: ["s-superseded", T.maybeExpired],
    guidance: ["s-guidance", T.guidance],
  };
  // what each badge means (tooltip on every badge; shown under the badge in the provision viewer)
  var EXPLAIN = {
    in_force: "Văn bản đang có hiệu lực vào ngày tra cứu.",
    expired: "Quy định đã hết hiệu lực: không áp dụng cho việc phát sinh sau ngày hết hiệu lực; kiểm tra văn bản thay thế.",
    amended: "Còn hiệu lực nhưng đã được sửa đổi, bổ sung: áp dụng nội dung đã sửa đổi.",
    not_yet: "Văn bản chưa đến ngày có hiệu lực.",
    unknown: "Dữ liệu không ghi ngày có hiệu lực của văn bản: cần đối chiếu văn bản gốc.",
    superseded:
      "Cơ sở dữ liệu có văn bản cùng tên ban hành sau: quy định này có thể đã bị thay thế, cần kiểm tra hiệu lực trước khi áp dụng.",
    guidance: "Cẩm nang, hỏi đáp, tài liệu hướng dẫn: không phải văn bản quy phạm pháp luật, chỉ dùng để tham khảo.",
  };
  // a citation's status text (assistant/answering/validity.py) → the badge it gets; the status line shows the explanation instead
  var CITE_STATUS = [
    [/^Có thể đã hết hiệu lực/, "superseded", "maybe"],
    [/^Tài liệu hướng dẫn/, "guidance", "guide"],
  ];

  function css(position) {
    var side = position === "left" ? "left" : "right";
    return [
      // !important: page rules aimed at the host element (e.g. `body * {transform:…; display:none}`) lose.
      ":host{all:initial !important;display:block !important;position:static !important;}",
      ":host([hidden]){display:none !important;}",
      "*,*::before,*::after{box-sizing:border-box;}",
      // phones draw a blue box over a tapped button: the focus outline and :active colours say it instead
      ".root,.root *{-webkit-tap-highlight-color:transparent;}",
      "[hidden]{display:none !important;}",
      ".root{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;",
      "  letter-spacing:normal;text-align:left;direction:ltr;}",
      "button,textarea{font:inherit;letter-spacing:normal;margin:0;}",
      ".launcher{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;display:flex;align-items:center;gap:8px;",
      "  background:#0d47a1;color:#fff;border:0;border-radius:999px;padding:12px 18px;font-weight:600;font-size:15px;cursor:pointer;",
      "  box-shadow:0 4px 14px rgba(0,0,0,.25);}",
      ".launcher:hover{background:#0b3c89;}",
      "button:focus-visible,textarea:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #ffb300;outline-offset:2px;}",
      ".panel{position:fixed;bottom:84px;" + side + ":20px;z-index:2147483001;width:min(420px,calc(100vw - 24px));",
      "  height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border:1px solid #c9d1d9;",
      "  border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.25);overflow:hidden;}",
      ".head{display:flex;align-items:center;gap:8px;background:#0d47a1;color:#fff;padding:10px 12px;flex:none;}",
      ".head h2{flex:1;margin:0;font-size:16px;font-weight:700;line-height:1.3;}",
      ".head button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.6);border-radius:6px;padding:4px 8px;font-size:13px;cursor:pointer;}",
      ".head button:disabled{opacity:.5;cursor:not-allowed;}",
      // overscroll-behavior: scrolling the conversation past its end does not go on to scroll the portal behind it
      ".log,.viewer{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:12px;background:#f6f8fa;min-height:0;}",
      ".log{display:flex;flex-direction:column;gap:10px;}",
      ".msg{max-width:92%;padding:8px 12px;border-radius:10px;word-wrap:break-word;overflow-wrap:anywhere;}",
      ".msg.user{align-self:flex-end;background:#0d47a1;color:#fff;white-space:pre-wrap;}",
      ".msg.bot{align-self:flex-start;background:#fff;border:1px solid #d0d7de;}",
      ".msg.bot.refused{background:#f3f4f6;border:1px dashed #8c959f;color:#424a53;}",
      ".msg.bot.failed{background:#ffebe9;border:1px solid #cf222e;color:#82071e;}",
      ".answer-text{white-space:pre-wrap;}",
      ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}",
      ".thinking{color:#57606a;font-style:italic;}",
      ".refusal{font-style:italic;}",
      ".refusal-title{font-weight:700;font-style:normal;display:block;margin-bottom:2px;}",
      ".refusal-title svg{vertical-align:-3px;}",
      ".section-title{font-weight:700;font-size:13px;margin:8px 0 4px;color:#24292f;}",
      ".understood{font-size:12px;color:#57606a;font-style:italic;margin:0 0 4px;}",
      // the decided label of a Đúng/Sai or multiple-choice question (Answer.verdict), before the answer text
      ".decided{margin:0 0 4px;}",
      ".decided .badge{margin-left:0;font-size:12.5px;}",
      ".badge.d-true{color:#1a5e20;background:#e8f5e9;border-color:#1a5e20;}",
      ".badge.d-false{color:#a40e26;background:#ffebe9;border-color:#a40e26;}",
      ".badge.d-choice{color:#0a3069;background:#ddf4ff;border-color:#0969da;}",
      ".ref{display:inline;border:0;background:#ddf4ff;color:#0a3069;border-radius:4px;padding:0 2px;font-size:.9em;font-weight:600;cursor:pointer;}",
      ".ref:hover{background:#b6e3ff;}",
      ".cites{margin:0;padding-left:0;list-style:none;}",
      ".cite{margin:4px 0;padding:6px 8px;border:1px solid #d0d7de;border-radius:8px;background:#fbfcfd;font-size:13.5px;}",
      ".cite-open{display:inline;border:0;background:transparent;color:#0a3069;padding:0;text-align:left;cursor:pointer;text-decoration:underline;",
      "  text-underline-offset:2px;font-size:13.5px;}",
      ".cite-num{font-weight:700;color:#0d47a1;margin-right:4px;text-decoration:none;display:inline-block;}",
      ".badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:999px;font-size:12px;font-weight:600;border:1px solid;line-height:1.6;}",
      ".badge.on,.badge.s-in_force{color:#1a5e20;background:#e8f5e9;border-color:#1a5e20;}",
      ".badge.off,.badge.s-expired{color:#a40e26;background:#ffebe9;border-color:#a40e26;}",
      ".badge.amended,.badge.s-amended{color:#7a4500;background:#fff4d6;border-color:#bf8700;}",
      ".badge.unknown,.badge.s-unknown,.badge.s-not_yet{color:#424a53;background:#eaeef2;border-color:#8c959f;}",
      ".badge.maybe,.badge.s-superseded{color:#953800;background:#fff1e5;border-color:#bc4c00;border-style:dashed;}",
      ".badge.guide,.badge.s-guidance{color:#6639ba;background:#fbefff;border-color:#8250df;}",
      ".prov-help{display:block;margin-top:2px;font-size:12.5px;color:#424a53;}",
      ".status{display:block;color:#57606a;font-size:12.5px;}",
      "details{margin-top:2px;} summary{cursor:pointer;color:#0d47a1;font-size:12.5px;}",
      "blockquote{margin:4px 0 0;padding:4px 8px;border-left:3px solid #8c959f;background:#f6f8fa;white-space:pre-wrap;font-size:13px;}",
      ".notes{margin:0;padding-left:18px;font-size:13px;}",
      ".conflict{margin-top:8px;padding:8px 10px;background:#fff8e1;border:1px solid #d4a72c;border-left:5px solid #bf8700;border-radius:6px;color:#4d2d00;font-size:13.5px;}",
      ".conflict.info{background:#eef6ff;border-color:#54aeff;border-left-color:#0969da;color:#0a3069;}",
      ".conflict small{display:block;margin-top:4px;color:#57606a;}",
      ".sides{display:flex;flex-direction:column;gap:6px;margin-top:6px;}",
      ".side{background:#fff;border:1px solid #d4a72c;border-radius:6px;padding:6px 8px;}",
      ".conflict.info .side{border-color:#54aeff;}",
      ".side.wins{border-width:2px;border-color:#1a5e20;}",
      ".side-head{display:flex;flex-wrap:wrap;align-items:center;gap:4px;font-weight:600;}",
      ".side-text{white-space:pre-wrap;margin-top:2px;color:#1f2328;font-size:13px;}",
      ".verdict{font-size:11.5px;font-weight:700;border-radius:999px;padding:0 6px;border:1px solid;}",
      ".verdict.wins{color:#1a5e20;background:#e8f5e9;border-color:#1a5e20;}",
      ".verdict.loses{color:#57606a;background:#eaeef2;border-color:#8c959f;}",
      ".link{border:0;background:transparent;color:#0969da;padding:0;cursor:pointer;text-decoration:underline;font-size:12.5px;}",
      ".tools{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:8px;font-size:12.5px;color:#57606a;}",
      ".tools button{display:inline-flex;align-items:center;gap:4px;border:1px solid #d0d7de;background:#fff;color:#424a53;border-radius:6px;padding:3px 8px;font-size:13px;cursor:pointer;}",
      ".tools button[aria-pressed=true]{background:#ddf4ff;border-color:#0969da;}",
      ".tools button:disabled{opacity:.6;cursor:default;}",
      ".feedback{display:inline-flex;flex-wrap:wrap;align-items:center;gap:6px;}",
      ".comment{display:flex;flex-direction:column;gap:4px;width:100%;}",
      ".comment textarea{width:100%;min-height:48px;font-size:13px;padding:4px;border:1px solid #8c959f;border-radius:6px;color:#1f2328;background:#fff;}",
      ".comment button{align-self:flex-start;}",
      ".fb-error{color:#a40e26;}",
      ".form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de;background:#fff;flex:none;}",
      ".form textarea{flex:1;resize:none;height:56px;padding:6px 8px;border:1px solid #8c959f;border-radius:8px;color:#1f2328;background:#fff;font-size:15px;min-width:0;}",
      ".form button{background:#0d47a1;color:#fff;border:0;border-radius:8px;padding:0 16px;font-weight:600;font-size:15px;cursor:pointer;}",
      ".form button:disabled{background:#8c959f;cursor:not-allowed;}",
      ".foot{padding:0 10px 8px;font-size:11.5px;color:#57606a;background:#fff;flex:none;}",
      ".hint{color:#a40e26;font-size:12.5px;padding:0 10px;background:#fff;flex:none;}",
      ".viewer h3{margin:8px 0 4px;font-size:16px;line-height:1.35;}",
      ".prov-badge{margin-left:0;}",
      ".viewer h3:focus{outline:none;}",
      ".viewer .back{border:1px solid #0d47a1;background:#fff;color:#0d47a1;border-radius:6px;padding:3px 10px;font-size:13px;cursor:pointer;}",
      ".crumbs{margin:0;padding:0;list-style:none;font-size:12.5px;color:#57606a;}",
      ".crumbs li{display:inline;}",
      ".crumbs li+li::before{content:' › ';}",
      ".prov-text{white-space:pre-wrap;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 10px;margin:8px 0;font-size:14px;}",
      ".meta{margin:0;font-size:12.5px;color:#424a53;}",
      ".meta div{margin:1px 0;}",
      ".loading{color:#57606a;font-style:italic;}",
      ".prov-error{color:#82071e;background:#ffebe9;border:1px solid #cf222e;border-radius:6px;padding:6px 8px;}",
      "@media " + FULL_SCREEN + "{.panel{top:0;bottom:0;left:0;right:0;width:100vw;height:100vh;height:100dvh;max-height:100dvh;border-radius:0;border:0;}",
      "  .launcher{bottom:12px;" + side + ":12px;}}",
      "@media (prefers-reduced-motion:no-preference){.launcher{transition:background .15s;}}",
      // the portal's own printout: the fixed bubble and panel would lie over its text on every printed page
      "@media print{.launcher,.panel{display:none !important;}}",
      // the part of a provision an answer cites (Khoản 2 of a whole Điều 7), shown in the viewer
      ".cited{background:#fff4d6;color:inherit;border-left:3px solid #bf8700;padding:0 2px;}",
      ".cited-help{font-size:12.5px;color:#424a53;margin:6px 0 0;}",
      ".suggest{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px;}",
      ".suggest-q{display:block;width:100%;text-align:left;border:1px solid #0969da;background:#fff;color:#0a3069;border-radius:8px;",
      "  padding:5px 10px;font-size:14px;cursor:pointer;}",
      ".suggest-q:hover{background:#ddf4ff;}",
      ".print-frame{position:fixed;left:-10000px;top:0;width:800px;height:600px;border:0;}",
    ].join("\n");
  }

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
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Icons are inline SVG built node by node (no emoji: many office PCs lack emoji fonts; no HTML parsing).
  var ICONS = {
    info: "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z",
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    thumb:
      "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59" +
      "C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    print:
      "M19 8H5c-1.66 0-3 1.34-3 3v6h4v4h12v-4h4v-6c0-1.66-1.34-3-3-3zm-3 11H8v-5h8v5zm3-7c-.55 0-1-.45-1-1s.45-1 1-1 1 .45 1 1-.45 1-1 1z" +
      "m-1-9H6v4h12V3z",
    copy:
      "M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12V1zm3 4H8c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7c0-1.1-.9-2-2-2z" +
      "m0 16H8V7h11v14z",
  };
  function icon(name, flip) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (flip) svg.setAttribute("transform", "rotate(180)");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  // Vietnamese typed with decomposed marks (Unikey "Unicode tổ hợp", some Mac input) → composed, as the server reads it
  function nfc(v) {
    v = String(v === null || v === undefined ? "" : v);
    return v.normalize ? v.normalize("NFC") : v;
  }

  function asText(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v === "object" && typeof v.text === "string") return v.text;
    return String(v);
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  // a Date → "30/11/2026 08:45"
  function fmtDateTime(d) {
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  // The printed answer's own styles (its own document: neither the portal's CSS nor the widget's reaches it).
  var PRINT_CSS = [
    "@page{margin:18mm 16mm;}",
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact;}",
    "body{margin:0;font-family:'Times New Roman','Noto Serif','Liberation Serif',serif;font-size:12.5pt;line-height:1.45;color:#000;background:#fff;}",
    "h1{font-size:16pt;margin:0 0 2pt;} h2{font-size:13pt;margin:12pt 0 4pt;border-bottom:1px solid #888;}",
    ".meta-line{margin:0;color:#333;font-size:11pt;}",
    ".q{white-space:pre-wrap;margin:0;}",
    ".msg{border:0;padding:0;}",
    ".answer-text{white-space:pre-wrap;}",
    ".refusal-title{display:block;font-weight:700;} .refusal-title svg{vertical-align:-3px;}",
    ".understood{font-style:italic;color:#333;font-size:11pt;}",
    ".section-title{font-weight:700;margin:10pt 0 3pt;}",
    ".cites{margin:0;padding-left:0;list-style:none;}",
    ".cite{margin:0 0 5pt;padding:3pt 6pt;border:1px solid #999;break-inside:avoid;}",
    ".cite-num{font-weight:700;margin-right:4pt;}",
    ".badge{display:inline-block;margin-left:6pt;padding:0 5pt;border:1px solid #555;border-radius:8pt;font-size:10pt;font-weight:700;}",
    ".badge.off,.badge.d-false{border-color:#a40e26;color:#a40e26;}",
    ".badge.maybe,.badge.amended{border-style:dashed;}",
    ".status{display:block;font-size:10.5pt;color:#333;}",
    "blockquote{margin:3pt 0 0;padding:2pt 6pt;border-left:3px solid #888;white-space:pre-wrap;font-size:11pt;}",
    ".notes{margin:0;padding-left:16pt;font-size:11pt;}",
    ".conflict{margin-top:8pt;padding:5pt 8pt;border:1px solid #000;border-left:5px solid #000;break-inside:avoid;}",
    ".conflict small{display:block;margin-top:3pt;font-size:10.5pt;}",
    ".side{border:1px solid #999;padding:3pt 6pt;margin-top:4pt;} .side.wins{border:2px solid #000;}",
    ".side-head{font-weight:700;} .side-head .status{display:inline;margin-left:4pt;} .side-text{white-space:pre-wrap;font-size:11pt;}",
    ".verdict{margin-left:6pt;font-size:10pt;border:1px solid #555;border-radius:8pt;padding:0 5pt;}",
    ".decided{margin:0 0 4pt;}",
    ".disclaimer{margin-top:14pt;padding-top:4pt;border-top:1px solid #888;font-size:10.5pt;font-style:italic;}",
  ].join("\n");

  function fmtDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(asText(iso));
    return m ? m[3] + "/" + m[2] + "/" + m[1] : asText(iso);
  }

  // The unit a citation names before its Điều: "Điểm b Khoản 1 Điều 40 …" → {point: "b", clause: "1"}.
  function citedUnit(citation) {
    var m = /^(?:Điểm\s+(\S+)\s+)?(?:[Kk]hoản\s+(\S+)\s+)?Điều\s/.exec(asText(citation));
    return m ? { point: m[1] || "", clause: m[2] || "", label: asText(citation).slice(0, m[0].length - 5).trim() } : null;
  }

  // Where, in an article's text, is the khoản / điểm a citation names ("Khoản 2 Điều 7" opens the whole Điều 7)?
  // → {start, end, label}, or null when the citation names no narrower unit than the text, or it is not found.
  function citedSpan(text, cited, own) {
    var c = citedUnit(cited);
    var o = citedUnit(own) || { point: "", clause: "" };
    if (!c || (!c.clause && !c.point)) return null;
    var lines = [];
    var pos = 0;
    text.split("\n").forEach(function (line) {
      lines.push([pos, line]);
      pos += line.length + 1;
    });
    var CLAUSE = /^\s*\d+[a-zđ]?\.(\s|$)/;
    var POINT = /^\s*[a-zđ]{1,2}\)(\s|$)/;
    function esc(v) {
      return v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    // first line in [from, to) opening the unit; the unit runs to the next line opening a unit of its rank or above
    function unit(from, to, opens, ends) {
      var first = -1;
      for (var i = 0; i < lines.length; i++) {
        var at = lines[i][0];
        if (at < from || at >= to) continue;
        if (first < 0) {
          if (opens.test(lines[i][1])) first = i;
        } else if (ends.some(function (re) { return re.test(lines[i][1]); })) {
          return { start: lines[first][0], end: at - 1 };
        }
      }
      return first < 0 ? null : { start: lines[first][0], end: to };
    }
    var span = { start: 0, end: text.length };
    if (c.clause && !o.clause) {
      span = unit(0, text.length, new RegExp("^\\s*" + esc(c.clause) + "\\.(\\s|$)"), [CLAUSE]);
      if (!span) return null;
    }
    if (c.point && !o.point) {
      var p = unit(span.start, span.end, new RegExp("^\\s*" + esc(c.point) + "\\)(\\s|$)"), [POINT, CLAUSE]);
      if (p) span = p;
    }
    if (span.start === 0 && span.end >= text.length) return null;
    while (span.end > span.start && /\s/.test(text.charAt(span.end - 1))) span.end -= 1;
    span.label = c.label;
    return span;
  }

  function errorMessage(res) {
    var fallback = T.serverError + res.status + ".";
    return res
      .json()
      .then(function (j) {
        if (j && typeof j.message === "string" && j.message) return j.message;
        if (j && typeof j.detail === "string" && j.detail) return j.detail;
        return fallback;
      })
      .catch(function () {
        return fallback;
      });
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

  async function streamSSE(url, headers, body, onEvent) {
    var res;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: Object.assign({ "Content-Type": "application/json", Accept: "text/event-stream" }, headers),
        body: JSON.stringify(body),
        credentials: "omit",
      });
    } catch (e) {
      throw new Error(T.networkError);
    }
    if (!res.ok) throw new Error(await errorMessage(res));
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
      var chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new Error(T.networkError);
      }
      if (chunk.done) break;
      buf += decoder.decode(chunk.value, { stream: true });
      drain(false);
    }
    buf += decoder.decode();
    drain(true);
  }

  // ------------------------------------------------------------------ the element

  var instances = 0;

  class TroLyPhapLuat extends HTMLElement {
    constructor() {
      super();
      this._shadow = this.attachShadow({ mode: "open" });
      this._built = false;
    }

    connectedCallback() {
      if (this._built) return;
      this._built = true;
      this._build();
    }

    // attribute on the element, else on the script tag, else fallback
    _attr(name, fallback) {
      var v = this.getAttribute(name);
      if ((v === null || v === "") && script) v = script.getAttribute(name);
      return v === null || v === undefined || v === "" ? fallback : v;
    }

    _build() {
      var self = this;
      instances += 1;
      var uid = "tlpl" + instances;
      this.api = new URL(this._attr("data-api", "/"), SCRIPT_SRC).href.replace(/\/+$/, "");
      var key = this._attr("data-api-key", "");
      this.apiKey = PLACEHOLDER_KEY.test(key) ? "" : key;
      this.collection = this._attr("data-collection", "");
      this.useLlm = this._attr("data-llm", "false") === "true";
      this.storeKey = "troLyPhapLuat:conversation:" + (this.collection || "_");
      var title = this._attr("data-title", "Trợ lý pháp luật");
      this.titleText = title;
      var position = this._attr("data-position", "right");
      this.suggestions = this._attr("data-suggestions", "")
        .split("|")
        .map(function (q) {
          return nfc(q).trim();
        })
        .filter(function (q) {
          return q && q.length <= MAX_CHARS;
        })
        .slice(0, 6);
      this.busy = false;
      this.conversationId = null;
      try {
        this.conversationId = window.sessionStorage.getItem(this.storeKey);
      } catch (e) {
        this.conversationId = null;
      }

      var shadow = this._shadow;
      // A constructed stylesheet is not an inline <style>: portals whose CSP forbids 'unsafe-inline' styles still
      // get a styled widget. Older browsers fall back to a <style> element inside the shadow root.
      var sheetText = css(position);
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(sheetText);
        shadow.adoptedStyleSheets = [sheet];
      } catch (e) {
        shadow.appendChild(el("style", { text: sheetText }));
      }

      this.launcher = el(
        "button",
        { type: "button", className: "launcher", "aria-expanded": "false", "aria-controls": uid + "-panel", "aria-haspopup": "dialog" },
        [icon("chat"), T.launcher]
      );
      // Not a live region itself: the answer is re-drawn on every streamed token, and with "additions text" a screen
      // reader read the growing answer again and again. The finished answer is said once, in `this.said`.
      this.log = el("div", {
        className: "log",
        role: "log",
        "aria-live": "off",
        "aria-label": T.conversation,
        tabindex: "0",
      });
      this.said = el("div", { className: "sr said", role: "status", "aria-live": "polite", "aria-atomic": "true" });
      this.viewer = el("div", { className: "viewer", role: "region", "aria-label": T.provisionTitle, hidden: true });
      this.input = el("textarea", {
        id: uid + "-input",
        className: "input",
        name: "question",
        // no maxlength: the browser would cut a pasted question silently; the hint says it is too long instead
        placeholder: T.placeholder,
        rows: "2",
        "aria-describedby": uid + "-hint",
      });
      this.sendBtn = el("button", { type: "submit", className: "send", text: T.send });
      this.hint = el("div", { id: uid + "-hint", className: "hint", role: "status", "aria-live": "polite" });
      this.closeBtn = el("button", { type: "button", className: "close", "aria-label": T.closePanel, title: T.close, text: "✕" });
      this.newBtn = el("button", { type: "button", className: "new", text: T.newChat });
      this.form = el("form", { className: "form", novalidate: true }, [
        el("label", { className: "sr", for: uid + "-input", text: T.inputLabel }),
        this.input,
        this.sendBtn,
      ]);
      this.panel = el(
        "section",
        { id: uid + "-panel", className: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": uid + "-title", hidden: true },
        [
          el("div", { className: "head" }, [el("h2", { id: uid + "-title", text: title }), this.newBtn, this.closeBtn]),
          this.log,
          this.viewer,
          this.hint,
          this.form,
          el("div", { className: "foot", text: T.disclaimer }),
        ]
      );
      var root = el("div", { className: "root", lang: "vi" }, [this.launcher, this.panel, this.said]);
      shadow.appendChild(root);
      // Keys typed into the widget's text boxes stay in the widget. A portal's own shortcuts ("/" to search, a
      // letter to jump) listen on document and, the Shadow DOM retargeting the event to <tro-ly-phap-luat>, cannot
      // see that the user is typing: "Nghị định 42/2024" lost its slashes. (The widget's own handlers, on the box
      // and the panel, have run by the time the event reaches the root.)
      ["keydown", "keypress", "keyup"].forEach(function (type) {
        root.addEventListener(type, function (e) {
          var t = e.target;
          if (t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT")) e.stopPropagation();
        });
      });
      this._welcome();
      this._restore();

      this.launcher.addEventListener("click", function () {
        self.setOpen(self.panel.hidden);
      });
      this.closeBtn.addEventListener("click", function () {
        self.setOpen(false);
      });
      this.panel.addEventListener("keydown", function (e) {
        if (e.key !== "Escape") return;
        e.stopPropagation();
        e.preventDefault();
        if (!self.viewer.hidden) self.closeProvision();
        else self.setOpen(false);
      });
      this.newBtn.addEventListener("click", function () {
        if (self.busy) return;
        self.conversationId = null;
        try {
          window.sessionStorage.removeItem(self.storeKey);
          window.sessionStorage.removeItem(self.storeKey + ":log");
        } catch (e) {
          /* ignore */
        }
        self.closeProvision(true);
        clear(self.log);
        self._anchor = null;
        self._welcome();
        self.input.focus();
      });
      this.input.addEventListener("input", function () {
        self._checkLength();
      });
      this.input.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          self._submit();
        }
      });
      this.form.addEventListener("submit", function (e) {
        e.preventDefault();
        self._submit();
      });

      if (this._attr("data-open", "false") === "true") this.setOpen(true, true);
    }

    _welcome() {
      var self = this;
      var welcome = el("div", { className: "msg bot welcome" }, [el("span", { className: "sr", text: T.bot + ": " }), T.welcome]);
      // data-suggestions="Câu hỏi 1|Câu hỏi 2": questions the portal suggests, one button each, asked when chosen
      if (this.suggestions.length) {
        var list = el("ul", { className: "suggest", "aria-label": T.suggestTitle });
        this.suggestions.forEach(function (q) {
          var b = el("button", { type: "button", className: "suggest-q", text: q });
          b.addEventListener("click", function () {
            if (self.busy) return;
            // as for a typed question: focus in the question box, not left on the suggestion
            self.input.focus();
            self.ask(q);
          });
          list.appendChild(el("li", null, [b]));
        });
        welcome.appendChild(el("div", { className: "section-title", text: T.suggestTitle }));
        welcome.appendChild(list);
      }
      this.log.appendChild(welcome);
    }

    // The conversation goes on across the portal's pages (conversation_id in sessionStorage): so does what was
    // said. Without it the next page showed only the greeting while the server read "Còn phí thì sao?" as a
    // follow-up of a question no longer on screen. The last answers (the done events) are kept with the id.
    _turns() {
      try {
        var turns = JSON.parse(window.sessionStorage.getItem(this.storeKey + ":log") || "[]");
        return Array.isArray(turns) ? turns : [];
      } catch (e) {
        return [];
      }
    }

    _saveTurn(msg, data) {
      if (!data || typeof data !== "object" || !this.conversationId) return;
      var turns = this._turns().filter(function (t) {
        return t && t.c === data.conversation_id;
      });
      msg.turnId = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      turns.push({ c: data.conversation_id, id: msg.turnId, q: msg.question, t: msg.askedAt ? msg.askedAt.getTime() : null, a: data });
      this._storeTurns(turns.slice(-MAX_TURNS));
    }

    _storeTurns(turns) {
      while (turns.length) {
        try {
          window.sessionStorage.setItem(this.storeKey + ":log", JSON.stringify(turns));
          return;
        } catch (e) {
          turns.shift(); // storage full (or refused): keep fewer
        }
      }
    }

    _rateTurn(msg, rating) {
      if (!msg.turnId) return;
      var turns = this._turns();
      turns.forEach(function (t) {
        if (t && t.id === msg.turnId) t.r = rating;
      });
      this._storeTurns(turns);
    }

    _restore() {
      var self = this;
      if (!this.conversationId) return;
      this._turns().forEach(function (t) {
        if (!t || t.c !== self.conversationId || typeof t.q !== "string" || !t.a || typeof t.a !== "object") return;
        var asked = el("div", { className: "msg user" }, [el("span", { className: "sr", text: T.you + ": " }), t.q]);
        self.log.appendChild(asked);
        self._anchor = asked;
        var msg = new BotMessage(self, t.q);
        msg.turnId = t.id;
        msg.rated = t.r === 1 || t.r === -1 ? t.r : 0;
        msg.restored = true; // shown again, not announced again
        msg.askedAt = typeof t.t === "number" ? new Date(t.t) : null;
        msg.done(t.a);
      });
    }

    _headers() {
      return this.apiKey ? { "X-API-Key": this.apiKey } : {};
    }

    // Follow the conversation down, but an answer is read from its start: the question being answered (or the
    // answer itself, under a very long question) is never scrolled above the top of the log. A long answer (a
    // conflict box, validity notes) used to end scrolled to its feedback buttons, its text out of sight above.
    _scrollDown() {
      var log = this.log;
      var bottom = log.scrollHeight - log.clientHeight;
      var top = bottom;
      var a = this._anchor;
      if (a && a.isConnected && !log.hidden) {
        top = a.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - 8;
      }
      log.scrollTop = Math.max(0, Math.min(bottom, top));
    }

    // While the panel covers the whole screen (phones), the portal behind it is out of sight but was still read by
    // screen readers (swiping went on into the page under the panel): its content is made inert and aria-hidden, and
    // given back as it was when the panel closes or stops covering the page (phone turned, window widened). Only
    // what this widget changed is restored: parts the portal itself had hidden stay hidden.
    _coverPage(cover) {
      var self = this;
      if (cover && !this._covered) {
        this._covered = [];
        var node = this;
        while (node && node.parentElement && node !== document.body) {
          Array.prototype.forEach.call(node.parentElement.children, function (sib) {
            if (sib === node || /^(SCRIPT|STYLE|LINK|META|TITLE|TEMPLATE|HEAD)$/.test(sib.tagName)) return;
            self._covered.push([sib, sib.getAttribute("aria-hidden"), sib.hasAttribute("inert")]);
            sib.setAttribute("aria-hidden", "true");
            sib.setAttribute("inert", "");
          });
          node = node.parentElement;
        }
        this.panel.setAttribute("aria-modal", "true");
      } else if (!cover && this._covered) {
        this._covered.forEach(function (c) {
          if (c[1] === null) c[0].removeAttribute("aria-hidden");
          else c[0].setAttribute("aria-hidden", c[1]);
          if (!c[2]) c[0].removeAttribute("inert");
        });
        this._covered = null;
        this.panel.setAttribute("aria-modal", "false");
      }
    }

    _watchCover() {
      var self = this;
      if (this._coverQuery || !window.matchMedia) return;
      this._coverQuery = window.matchMedia(FULL_SCREEN);
      var onChange = function () {
        self._coverPage(!self.panel.hidden && self._coverQuery.matches);
      };
      if (this._coverQuery.addEventListener) this._coverQuery.addEventListener("change", onChange);
      else if (this._coverQuery.addListener) this._coverQuery.addListener(onChange);
    }

    disconnectedCallback() {
      this._coverPage(false);
    }

    setOpen(open, noFocus) {
      if (!this.panel) return;
      this.panel.hidden = !open;
      this._watchCover();
      this._coverPage(open && !!this._coverQuery && this._coverQuery.matches);
      this.launcher.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        if (!noFocus) {
          if (this.viewer.hidden) this.input.focus();
          else this._viewerFocus();
        }
        this._scrollDown();
      } else if (!noFocus) {
        this.launcher.focus();
      }
    }

    // while typing: a stale hint goes away; a question over the limit is flagged with its length
    _checkLength() {
      var n = nfc(this.input.value).trim().length;
      if (n > MAX_CHARS) {
        this.hint.textContent = T.tooLong + T.charCount.replace("{n}", String(n));
        this.input.setAttribute("aria-invalid", "true");
      } else {
        this.hint.textContent = "";
        this.input.removeAttribute("aria-invalid");
      }
    }

    _rememberConversation(id) {
      if (!id || typeof id !== "string") return;
      this.conversationId = id;
      try {
        window.sessionStorage.setItem(this.storeKey, id);
      } catch (e) {
        /* ignore */
      }
    }

    _setBusy(b) {
      this.busy = b;
      this.sendBtn.disabled = b;
      this.newBtn.disabled = b;
    }

    _submit() {
      var q = nfc(this.input.value);
      if (this.busy) return;
      if (q.trim() && q.trim().length <= MAX_CHARS) this.input.value = "";
      this.input.focus(); // keep focus in the panel (the send button is disabled while answering)
      this.ask(q);
    }

    async ask(question) {
      var self = this;
      question = nfc(question).trim();
      // asked from the portal's own link (window.TroLyPhapLuat.ask("…")) while the panel is closed: the question
      // and its answer used to go on out of sight
      if (this.panel && this.panel.hidden) this.setOpen(true);
      this.hint.textContent = "";
      if (!question) {
        this.hint.textContent = T.empty;
        return;
      }
      if (question.length > MAX_CHARS) {
        this.hint.textContent = T.tooLong + (nfc(this.input.value).trim() === question ? T.charCount.replace("{n}", String(question.length)) : "");
        return;
      }
      if (this.busy) return;
      this._setBusy(true);
      this.closeProvision(true);
      var asked = el("div", { className: "msg user" }, [el("span", { className: "sr", text: T.you + ": " }), question]);
      this.log.appendChild(asked);
      this._anchor = asked;
      var msg = new BotMessage(this, question);
      if (asked.offsetHeight > this.log.clientHeight * 0.4) {
        this._anchor = msg.node;
        this._scrollDown();
      }
      var finished = false;
      var failed = false;
      var plain = false;
      var body = { question: question, llm: this.useLlm };
      if (this.collection) body.collection = this.collection;
      if (this.conversationId) body.conversation_id = this.conversationId;
      try {
        await streamSSE(this.api + "/api/v1/ask/stream", this._headers(), body, function (ev) {
          if (finished) return;
          var d = ev.data;
          switch (ev.event) {
            case "conversation":
              if (d && d.conversation_id) self._rememberConversation(d.conversation_id);
              if (d && typeof d.collection === "string" && d.collection) msg.collection = d.collection;
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
              if (d && d.code === "llm_unavailable" && body.llm) {
                // data-llm="true" on a server whose LLM is not configured or down: asked again without it
                // (the quoted answer), instead of a message about the API's "llm" field
                finished = plain = true;
                break;
              }
              finished = failed = true;
              msg.fail(d && d.message ? asText(d.message) : asText(d));
              break;
            case "done":
              finished = true;
              msg.done(d);
              self._saveTurn(msg, d);
              break;
            default:
              break;
          }
        });
        if (!finished) {
          // the server always ends with done or error: a stream that just stops (proxy timeout, restart) is an
          // incomplete answer, never shown as a whole one
          failed = true;
          msg.fail(T.cutOff);
        }
      } catch (e) {
        if (!finished) {
          failed = true;
          msg.fail(e && e.message ? e.message : String(e));
        }
      } finally {
        this._setBusy(false);
      }
      if (plain) {
        this.useLlm = false;
        asked.remove();
        msg.node.remove();
        await this.ask(question);
        this.hint.textContent = T.llmOff;
        return;
      }
      // a failed question (server down, 429, …) is put back in the box, ready to be sent again
      if (failed && !this.input.value.trim()) this.input.value = question;
    }

    // ---------------------------------------------------------------- provision viewer

    _viewerFocus() {
      var h = this.viewer.querySelector("h3");
      (h || this.viewer.querySelector(".back")).focus();
    }

    closeProvision(silent) {
      if (!this.viewer || this.viewer.hidden) return;
      this._viewerToken = (this._viewerToken || 0) + 1; // drop a pending fetch
      this.viewer.hidden = true;
      clear(this.viewer);
      this.log.hidden = false;
      this.log.scrollTop = this._logScroll || 0;
      var opener = this._opener;
      this._opener = null;
      if (!silent && opener && opener.isConnected) opener.focus();
    }

    openProvision(chunkId, collection, opener, fallbackCitation) {
      var self = this;
      if (!chunkId) return;
      this._logScroll = this.log.scrollTop;
      this._opener = opener || null;
      this._viewerCited = fallbackCitation || "";
      var token = (this._viewerToken = (this._viewerToken || 0) + 1);
      clear(this.viewer);
      var back = el("button", { type: "button", className: "back", text: T.back });
      back.addEventListener("click", function () {
        self.closeProvision();
      });
      var status = el("div", { className: "loading", role: "status", text: T.loadingProvision });
      var heading = el("h3", { tabindex: "-1", text: fallbackCitation || T.provisionTitle });
      this.viewer.appendChild(back);
      this.viewer.appendChild(heading);
      this.viewer.appendChild(status);
      this.log.hidden = true;
      this.viewer.hidden = false;
      this.viewer.scrollTop = 0;
      heading.focus();
      var url =
        this.api + "/api/v1/provisions/" + encodeURIComponent(chunkId) +
        (collection ? "?collection=" + encodeURIComponent(collection) : "");
      fetch(url, { headers: Object.assign({ Accept: "application/json" }, this._headers()), credentials: "omit" })
        .then(
          function (res) {
            if (!res.ok) return errorMessage(res).then(function (m) {
              throw new Error(m);
            });
            return res.json();
          },
          function () {
            throw new Error(T.networkError);
          }
        )
        .then(function (p) {
          if (token !== self._viewerToken) return;
          self._renderProvision(p || {}, heading, status);
        })
        .catch(function (e) {
          if (token !== self._viewerToken) return;
          status.className = "prov-error";
          status.setAttribute("role", "alert");
          status.textContent = T.provisionFailed + (e && e.message ? e.message : String(e));
        });
    }

    _renderProvision(p, heading, status) {
      var v = p.validity && typeof p.validity === "object" ? p.validity : {};
      var code = STATUS[p.status] ? p.status : "unknown";
      var st = STATUS[code];
      var label = asText(p.status_label) || st[1];
      // the explanation is for the status's own label (a server labelling a status otherwise gets no wrong help)
      var help = label === st[1] ? EXPLAIN[code] : "";
      heading.textContent = asText(p.citation) || heading.textContent;
      var badge = el("span", {
        className: "badge prov-badge " + st[0],
        "data-status": code,
        title: help || null,
        text: label,
      });
      var frag = el("div", { className: "provision" });
      frag.appendChild(el("div", null, [badge, help ? el("span", { className: "prov-help", text: help }) : null]));
      var crumbs = (Array.isArray(p.heading_path) ? p.heading_path : []).filter(Boolean);
      if (crumbs.length) {
        var ul = el("ol", { className: "crumbs", "aria-label": "Vị trí trong văn bản" });
        crumbs.forEach(function (c) {
          ul.appendChild(el("li", { text: asText(c) }));
        });
        frag.appendChild(ul);
      }
      // the khoản / điểm the answer cited is marked when the provision is a whole article
      var text = asText(p.text);
      var span = citedSpan(text, this._viewerCited, p.citation);
      var mark = null;
      if (span) {
        mark = el("mark", { className: "cited", text: text.slice(span.start, span.end) });
        frag.appendChild(el("p", { className: "cited-help", text: T.citedHelp.replace("{unit}", span.label) }));
        frag.appendChild(el("div", { className: "prov-text" }, [text.slice(0, span.start), mark, text.slice(span.end)]));
      } else {
        frag.appendChild(el("div", { className: "prov-text", text: text }));
      }
      var meta = el("div", { className: "meta" });
      function row(label, value) {
        if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
        meta.appendChild(el("div", null, [el("strong", { text: label }), Array.isArray(value) ? value.map(asText).join("; ") : asText(value)]));
      }
      var docName = [asText(p.doc_type), asText(p.doc_number)].filter(Boolean).join(" ");
      row(T.docLabel, [docName, asText(p.doc_title)].filter(Boolean).join(" — "));
      row(T.issuer, p.issuer);
      row(T.issuedOn, p.issued_on ? fmtDate(p.issued_on) : "");
      row(T.effectiveFrom, v.effective_from ? fmtDate(v.effective_from) : "");
      row(T.effectiveTo, v.effective_to ? fmtDate(v.effective_to) : "");
      row(T.amendedBy, v.amended_by);
      row(T.replacedBy, v.replaced_by);
      row(T.repealedBy, v.repealed_by);
      if (meta.firstChild) frag.appendChild(meta);
      var notes = [];
      (Array.isArray(p.notes) ? p.notes : []).concat(Array.isArray(v.notes) ? v.notes : []).forEach(function (n) {
        n = asText(n);
        if (n && notes.indexOf(n) < 0) notes.push(n);
      });
      if (notes.length) {
        frag.appendChild(el("div", { className: "section-title", text: T.validity }));
        var nl = el("ul", { className: "notes prov-notes" });
        notes.forEach(function (n) {
          nl.appendChild(el("li", { text: n }));
        });
        frag.appendChild(nl);
      }
      status.replaceWith(frag);
      if (mark) {
        // in view without moving focus from the heading (a long article's Khoản 9 is far below it)
        var v = this.viewer;
        var below = mark.getBoundingClientRect().bottom - v.getBoundingClientRect().bottom;
        if (below > 0) v.scrollTop += mark.getBoundingClientRect().top - v.getBoundingClientRect().top - 40;
      }
    }
  }

  // ------------------------------------------------------------------ one bot message

  function BotMessage(widget, question) {
    this.w = widget;
    this.question = question;
    this.collection = widget.collection;
    // "Trợ lý: " for screen readers, as the question is read "Anh/chị: …": where the answer starts is heard
    this.node = el("div", { className: "msg bot", "aria-busy": "true" }, [el("span", { className: "sr", text: T.bot + ": " })]);
    this.thinking = el("span", { className: "thinking", text: T.thinking });
    this.textNode = el("div", { className: "answer-text" });
    this.node.appendChild(this.thinking);
    this.node.appendChild(this.textNode);
    this.text = "";
    this.cites = {}; // number → citation JSON
    this.citeItems = {}; // number → <li>
    this.citeList = null;
    this.conflictKeys = {};
    this.notes = {};
    this.notesList = null;
    this.refused = false;
    this.turnId = null; // its entry in the conversation kept for the portal's next page
    this.askedAt = new Date(); // the date on a printed answer
    this.restored = false;
    this.rated = 0; // 1 / -1 once feedback was sent
    widget.log.appendChild(this.node);
    widget._scrollDown();
  }

  BotMessage.prototype.clearThinking = function () {
    if (this.thinking && this.thinking.parentNode) this.thinking.parentNode.removeChild(this.thinking);
    this.thinking = null;
  };

  // Answer text with each known "[n]" marker as a button opening citation n (text nodes only).
  BotMessage.prototype.renderText = function () {
    if (this.refused) return; // setRefusal owns textNode
    clear(this.textNode);
    this.appendLinked(this.textNode, this.text);
  };

  // Append ``text`` to ``node``: plain text nodes, and a button for each "[n]" naming a known citation.
  BotMessage.prototype.appendLinked = function (node, text) {
    var self = this;
    var re = /\[(\d+)\]/g;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      var c = this.cites[m[1]];
      if (!c || !c.chunk_id) continue;
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      var b = el("button", {
        type: "button",
        className: "ref",
        "data-ref": m[1],
        "aria-label": T.openProvision + " [" + m[1] + "] " + asText(c.citation),
        text: m[0],
      });
      (function (cit, btn) {
        btn.addEventListener("click", function () {
          self.w.openProvision(cit.chunk_id, self.collection, btn, asText(cit.citation));
        });
      })(c, b);
      node.appendChild(b);
      last = m.index + m[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  };

  BotMessage.prototype.appendText = function (piece, sentence) {
    if (!piece || this.refused) return;
    this.clearThinking();
    if (sentence && this.text && !/\s$/.test(this.text) && !/^\s/.test(piece)) piece = " " + piece;
    this.text += piece;
    this.renderText();
    this.w._scrollDown();
  };

  BotMessage.prototype.setText = function (text) {
    this.clearThinking();
    this.text = text || "";
    this.renderText();
  };

  BotMessage.prototype.addCitation = function (c) {
    var self = this;
    if (!c || typeof c !== "object") return;
    var num = c.number !== undefined ? String(c.number) : String(Object.keys(this.cites).length + 1);
    if (this.cites[num]) return;
    this.cites[num] = c;
    this.clearThinking();
    if (!this.citeList) {
      this.citeTitle = el("div", { className: "section-title", text: T.citations });
      this.citeList = el("ol", { className: "cites", "aria-label": T.citations });
      this.node.insertBefore(this.citeTitle, this.textNode.nextSibling);
      this.node.insertBefore(this.citeList, this.citeTitle.nextSibling);
    }
    var statusText = asText(c.status);
    var kind = c.in_force === false ? ["expired", "off"] : null;
    CITE_STATUS.forEach(function (r) {
      if (!kind && r[0].test(statusText)) kind = [r[1], r[2]];
    });
    if (!kind) kind = c.in_force === true ? ["in_force", "on"] : ["unknown", "unknown"];
    var badge = el("span", { className: "badge force " + kind[1], title: EXPLAIN[kind[0]], text: STATUS[kind[0]][1] });
    if (kind[0] === "expired") badge.textContent = T.notInForce;
    var warn = kind[0] === "superseded" || kind[0] === "guidance";
    var label = [el("span", { className: "cite-num", text: "[" + num + "]" }), el("span", { className: "cite-text", text: asText(c.citation) })];
    var head = c.chunk_id
      ? el("button", { type: "button", className: "cite-open", title: T.openProvision, "aria-label": T.openProvision + " [" + num + "] " + asText(c.citation) }, label)
      : el("span", { className: "cite-open" }, label);
    if (c.chunk_id) {
      head.addEventListener("click", function () {
        self.w.openProvision(c.chunk_id, self.collection, head, asText(c.citation));
      });
    }
    var item = el("li", { className: "cite", "data-number": num }, [
      head,
      badge,
      // the badge already says "in force"; show the status line when it adds something (dates, expiry); for a
      // possibly superseded provision or a guidance document, say what the badge means
      warn
        ? el("span", { className: "status", text: EXPLAIN[kind[0]] })
        : c.status && !(c.in_force === true && /^Đang có hiệu lực\.?$/.test(statusText))
        ? el("span", { className: "status", text: statusText })
        : null,
      c.quote
        ? el("details", null, [el("summary", { text: T.quote }), el("blockquote", { className: "quote", text: asText(c.quote) })])
        : null,
    ]);
    this.citeItems[num] = item;
    this.citeList.appendChild(item);
    this.renderText();
    this.w._scrollDown();
  };

  // "[n] …: điều này đã được sửa đổi, bổ sung bởi …" → amber "Đã sửa đổi" badge on citation n
  BotMessage.prototype.markAmended = function (note) {
    var m = /^\[(\d+)\][^:]*:.*(sửa đổi|bổ sung)/.exec(note);
    var item = m && this.citeItems[m[1]];
    if (!item || item.querySelector(".badge.amended")) return;
    var force = item.querySelector(".badge.force");
    var b = el("span", { className: "badge amended", title: EXPLAIN.amended, text: T.amended });
    if (force && force.nextSibling) item.insertBefore(b, force.nextSibling);
    else item.appendChild(b);
  };

  BotMessage.prototype.addNote = function (note) {
    note = asText(note);
    if (!note || this.notes[note]) return;
    this.notes[note] = true;
    if (!this.notesList) {
      this.node.appendChild(el("div", { className: "section-title", text: T.validity }));
      this.notesList = el("ul", { className: "notes validity-notes" });
      this.node.appendChild(this.notesList);
    }
    var li = el("li");
    this.appendLinked(li, note); // "[n] …": the marker opens citation n, as in the answer text
    this.notesList.appendChild(li);
    this.markAmended(note);
  };

  BotMessage.prototype.addConflict = function (c) {
    var self = this;
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
    function side(s, which) {
      var wins = c.prevails === which;
      var loses = c.prevails && !wins;
      var headBits = [el("span", { className: "side-cit", text: asText(s.citation) })];
      if (s.doc_type) headBits.push(el("span", { className: "status", text: "(" + asText(s.doc_type) + ")" }));
      if (wins) headBits.push(el("span", { className: "verdict wins", text: T.prevails }));
      if (loses) headBits.push(el("span", { className: "verdict loses", text: T.notApplied }));
      var box = el("div", { className: "side" + (wins ? " wins" : ""), "data-side": which }, [
        el("div", { className: "side-head" }, headBits),
        s.text ? el("div", { className: "side-text", text: asText(s.text) }) : null,
      ]);
      if (s.chunk_id) {
        var open = el("button", { type: "button", className: "link", text: T.openProvision, "aria-label": T.openProvision + " " + asText(s.citation) });
        open.addEventListener("click", function () {
          self.w.openProvision(s.chunk_id, self.collection, open, asText(s.citation));
        });
        box.appendChild(open);
      }
      return box;
    }
    var box = el("div", { className: "conflict" + (superseded ? " info" : ""), role: "note", "data-kind": asText(c.kind) }, [
      el("strong", { className: "conflict-title", text: line }),
      el("div", { className: "sides" }, [side(a, "a"), side(b, "b")]),
      c.rule ? el("small", { className: "rule", text: T.rule + asText(c.rule) }) : null,
      c.explanation ? el("small", { className: "explanation", text: asText(c.explanation) }) : null,
      c.severity && !superseded ? el("small", { className: "severity", text: T.severity + asText(c.severity) }) : null,
    ]);
    this.node.appendChild(box);
    this.w._scrollDown();
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
    clear(this.textNode);
    this.textNode.classList.add("refusal");
    var body = message || this.text;
    // The refusal's own first sentence ("Không tìm thấy căn cứ pháp lý phù hợp … cho câu hỏi này.") says what the
    // generic title says: it becomes the title, instead of the same thing read twice.
    var title = T.refusal;
    var first = /^\s*(Không (?:tìm thấy|có)[^\n]*?[.!?])(?:\s+|$)/.exec(body);
    if (first) {
      title = first[1];
      body = body.slice(first[0].length);
    }
    // an SVG, not "ⓘ" (U+24D8): that sign is missing from common fonts (DejaVu, Liberation) and shows as a box
    this.textNode.appendChild(el("span", { className: "refusal-title" }, [icon("info"), " " + title]));
    if (body) this.textNode.appendChild(document.createTextNode(body));
    this.text = message || this.text;
    // a refusal's text already names its nearest documents: list only the ones it does not
    suggestions = suggestions.filter(function (s) { return this.text.indexOf(asText(s)) < 0; }, this);
    if (suggestions.length) {
      this.node.appendChild(el("div", { className: "section-title", text: T.suggestions }));
      var ul = el("ul", { className: "notes suggestions" });
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
      if (data.conversation_id) this.w._rememberConversation(data.conversation_id);
      if (typeof data.collection === "string" && data.collection) this.collection = data.collection;
      var understood = typeof data.standalone_query === "string" ? data.standalone_query.trim() : "";
      if (understood && understood !== String(this.question || "").trim()) {
        // a follow-up completed from the conversation, or a question typed without marks: say how it was read
        this.node.insertBefore(el("div", { className: "understood", text: T.understood + understood }), this.textNode);
      }
      if (data.refused) {
        this.setRefusal({ text: data.text || data.refusal_reason, suggestions: data.suggestions });
      } else {
        this.showVerdict(data.verdict);
      }
      (data.citations || []).forEach(function (c) {
        self.addCitation(c);
      });
      if (!data.refused && typeof data.text === "string" && data.text && data.text !== this.text) {
        // done carries the final (in LLM mode: verified) text, which replaces what was streamed
        this.setText(data.text);
      }
      (data.validity_notes || []).forEach(function (n) {
        self.addNote(n);
      });
      (data.conflicts || []).forEach(function (c) {
        self.addConflict(c);
      });
    }
    this.finish(true);
  };

  // The label the answer decided (Answer.verdict: {kind: "yes_no"|"choice", value, reason}) as a badge before the
  // text, which itself still starts with it ("Sai. …"); read as "Kết luận: Sai" by a screen reader.
  BotMessage.prototype.showVerdict = function (v) {
    if (!v || typeof v !== "object" || typeof v.value !== "string" || !v.value) return;
    var kind;
    var shown;
    if (v.kind === "yes_no" && (v.value === "Đúng" || v.value === "Sai")) {
      kind = v.value === "Đúng" ? "d-true" : "d-false";
      shown = v.value === "Đúng" ? T.verdictTrue : T.verdictFalse;
    } else if (v.kind === "choice") {
      kind = "d-choice";
      shown = T.verdictChoice + v.value;
    } else {
      return;
    }
    var badge = el("span", { className: "badge " + kind, title: T.verdictHelp, "data-kind": v.kind }, [
      el("span", { className: "sr", text: T.verdict }),
      shown,
    ]);
    this.node.insertBefore(el("div", { className: "decided" }, [badge]), this.textNode);
  };

  BotMessage.prototype.finish = function (ok) {
    this.clearThinking();
    this.node.setAttribute("aria-busy", "false");
    if (ok) this.node.appendChild(this.tools());
    this.w._scrollDown();
    if (ok && !this.restored) this.announce();
  };

  // The finished answer, said once by screen readers (the log itself is not live: see _build).
  BotMessage.prototype.announce = function () {
    var said = this.w.said;
    var parts = [T.bot + ": " + this.text.trim()];
    Array.prototype.forEach.call(this.node.querySelectorAll(".conflict-title"), function (t) {
      parts.push(t.textContent);
    });
    var text = parts.join(" ");
    said.textContent = "";
    // emptied first: the same answer twice in a row is said again
    setTimeout(function () {
      said.textContent = text;
    }, 50);
  };

  // What "Sao chép" puts on the clipboard: the answer as shown, with what the screen says about it — each citation's
  // validity badges and status line, the validity notes, the conflict warnings — so a copy pasted into a report
  // does not present an expired provision or a contested figure as plain law; then the disclaimer.
  BotMessage.prototype.plainAnswer = function () {
    var self = this;
    var lines = [this.text.trim()];
    var nums = Object.keys(this.cites);
    if (nums.length) {
      lines.push("", T.citations + ":");
      nums.forEach(function (n) {
        var line = "[" + n + "] " + asText(self.cites[n].citation);
        var item = self.citeItems[n];
        if (item) {
          var badges = Array.prototype.map.call(item.querySelectorAll(".badge"), function (b) {
            return b.textContent;
          });
          var status = item.querySelector(".status");
          if (badges.length) line += " — " + badges.join(", ");
          if (status && status.textContent) line += " (" + status.textContent + ")";
        }
        lines.push(line);
      });
    }
    Array.prototype.forEach.call(this.node.querySelectorAll(".conflict"), function (box) {
      lines.push("");
      Array.prototype.forEach.call(box.querySelectorAll(".conflict-title, .side, small"), function (part) {
        if (!part.classList.contains("side")) {
          lines.push(part.textContent);
          return;
        }
        // "- Khoản 1 Điều 5 … (Nghị định) — Được áp dụng: Phạt từ 1.000.000 đồng."
        var bits = [".side-cit", ".side-head .status", ".verdict", ".side-text"].map(function (sel) {
          var n = part.querySelector(sel);
          return n ? n.textContent : "";
        });
        lines.push("- " + [bits[0], bits[1]].filter(Boolean).join(" ") + (bits[2] ? " — " + bits[2] : "") + (bits[3] ? ": " + bits[3] : ""));
      });
    });
    if (this.notesList) {
      lines.push("", T.validity + ":");
      Array.prototype.forEach.call(this.notesList.children, function (li) {
        lines.push("- " + li.textContent);
      });
    }
    lines.push("", T.disclaimer);
    return lines.join("\n");
  };

  // "In câu trả lời": this answer alone, as the screen shows it (citations with their badges and status, quotes,
  // validity notes, conflict warnings) under the question and the date it was asked, then the disclaimer — printed
  // from a hidden iframe of its own, so neither the portal's page nor its CSS is printed with it.
  BotMessage.prototype.printDocument = function (doc) {
    var w = this.w;
    var html = doc.documentElement;
    html.setAttribute("lang", "vi");
    var when = this.askedAt || new Date();
    doc.title = w.titleText + " — " + T.printHeading + " " + fmtDateTime(when);
    var body = doc.body || html.appendChild(doc.createElement("body"));
    while (body.firstChild) body.removeChild(body.firstChild);
    function add(tag, className, text) {
      var n = doc.createElement(tag);
      if (className) n.className = className;
      if (text !== undefined) n.textContent = text;
      body.appendChild(n);
      return n;
    }
    add("h1", null, w.titleText + " — " + T.printHeading);
    add("p", "meta-line asked-on", (this.askedAt ? T.askedOn + fmtDateTime(this.askedAt) + " · " : "") + T.printedOn + fmtDateTime(new Date()));
    add("h2", null, T.question);
    add("p", "q", this.question);
    add("h2", null, T.answer);
    var copy = doc.importNode(this.node, true);
    copy.removeAttribute("aria-busy");
    // what is for the screen only: the tools, the "Trợ lý: " prefix, the "Xem toàn văn" links
    Array.prototype.forEach.call(copy.querySelectorAll(".tools, .thinking, .comment, .link, .msg > .sr"), function (n) {
      n.remove();
    });
    Array.prototype.forEach.call(copy.querySelectorAll(".sr"), function (n) {
      n.className = ""; // "Kết luận: " before the verdict badge is read on paper too
    });
    // a quote is printed open, under "Trích đoạn: "
    Array.prototype.forEach.call(copy.querySelectorAll("details"), function (d) {
      var q = d.querySelector("blockquote");
      if (q) {
        q.insertBefore(doc.createTextNode(T.quoteLabel), q.firstChild);
        d.replaceWith(q);
      } else d.remove();
    });
    // buttons ([1], a citation's title) become their text
    Array.prototype.forEach.call(copy.querySelectorAll("button"), function (b) {
      var span = doc.createElement("span");
      span.className = b.className;
      while (b.firstChild) span.appendChild(b.firstChild);
      b.replaceWith(span);
    });
    Array.prototype.forEach.call(copy.querySelectorAll(".cite-num"), function (n) {
      n.textContent += " ";
    });
    body.appendChild(copy);
    add("p", "disclaimer", T.disclaimer);
  };

  BotMessage.prototype.print = function () {
    var w = this.w;
    if (w._printFrame) w._printFrame.remove();
    var frame = el("iframe", { className: "print-frame", "aria-hidden": "true", tabindex: "-1", title: T.printLabel });
    w._shadow.appendChild(frame);
    w._printFrame = frame;
    var win = frame.contentWindow;
    var doc = frame.contentDocument || (win && win.document);
    if (!win || !doc) return;
    try {
      // a constructed sheet: a portal whose CSP forbids inline styles (the blank frame inherits it) still gets them
      var sheet = new win.CSSStyleSheet();
      sheet.replaceSync(PRINT_CSS);
      doc.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = doc.createElement("style");
      style.textContent = PRINT_CSS;
      (doc.head || doc.documentElement).appendChild(style);
    }
    this.printDocument(doc);
    try {
      win.focus();
      win.print();
    } catch (e) {
      /* printing refused (sandboxed portal): nothing to do */
    }
  };

  BotMessage.prototype.citationsForFeedback = function () {
    var self = this;
    return Object.keys(this.cites).map(function (n) {
      var c = self.cites[n];
      return {
        chunk_id: asText(c.chunk_id),
        citation: asText(c.citation),
        law_id: asText(c.law_id),
        article_id: asText(c.article_id),
      };
    });
  };

  BotMessage.prototype.tools = function () {
    var self = this;
    var w = this.w;
    var box = el("div", { className: "tools" });
    // copy answer
    var copyLabel = el("span", { className: "copy-label", text: T.copy });
    var copy = el("button", { type: "button", className: "copy", "aria-label": T.copyLabel }, [icon("copy"), copyLabel]);
    var timer = null;
    copy.addEventListener("click", function () {
      var text = self.plainAnswer();
      function shown(ok) {
        copyLabel.textContent = ok ? T.copied : T.copyFailed;
        copy.setAttribute("aria-label", ok ? T.copied : T.copyFailed);
        w.hint.textContent = "";
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () {
          copyLabel.textContent = T.copy;
          copy.setAttribute("aria-label", T.copyLabel);
        }, 2500);
      }
      function fallback() {
        var ta = el("textarea", { className: "sr", readonly: true, "aria-hidden": "true", tabindex: "-1" });
        ta.value = text;
        w._shadow.appendChild(ta);
        ta.select();
        var ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (e) {
          ok = false;
        }
        ta.remove();
        copy.focus();
        return ok;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () {
            shown(true);
          },
          function () {
            shown(fallback());
          }
        );
      } else {
        shown(fallback());
      }
    });
    box.appendChild(copy);

    // print this answer alone (the portal's own printout leaves the widget out)
    var print = el("button", { type: "button", className: "print", "aria-label": T.printLabel, title: T.printLabel }, [icon("print"), T.print]);
    print.addEventListener("click", function () {
      self.print();
      print.focus();
    });
    box.appendChild(print);

    // feedback
    var fb = el("div", { className: "feedback", role: "group", "aria-label": T.feedbackAsk });
    var label = el("span", { className: "fb-label", text: T.feedbackAsk });
    var up = el("button", { type: "button", className: "up", "aria-label": T.useful, title: T.useful, "aria-pressed": "false" }, [icon("thumb")]);
    var down = el("button", { type: "button", className: "down", "aria-label": T.notUseful, title: T.notUseful, "aria-pressed": "false" }, [icon("thumb", true)]);
    var err = el("span", { className: "fb-error", role: "alert" });
    fb.appendChild(label);
    fb.appendChild(up);
    fb.appendChild(down);
    fb.appendChild(err);
    box.appendChild(fb);
    var comment = null;
    if (this.rated) {
      // an answer shown again on the portal's next page keeps its rating: it is not rated (and stored) twice
      clear(fb);
      fb.appendChild(el("span", { className: "thanks", text: T.thanks }));
      return box;
    }

    function send(rating, text) {
      up.disabled = down.disabled = true;
      err.textContent = "";
      var body = {
        conversation_id: w.conversationId,
        question: self.question,
        answer_text: self.text.slice(0, 20000),
        rating: rating,
        comment: text || null,
        collection: self.collection || null,
        citations: self.citationsForFeedback(),
      };
      return fetch(w.api + "/api/v1/feedback", {
        method: "POST",
        headers: Object.assign({ "Content-Type": "application/json" }, w._headers()),
        body: JSON.stringify(body),
        credentials: "omit",
      })
        .then(
          function (res) {
            if (!res.ok) return errorMessage(res).then(function (m) {
              throw new Error(m);
            });
          },
          function () {
            throw new Error(T.networkError);
          }
        )
        .then(function () {
          clear(fb);
          if (comment) comment.remove();
          self.rated = rating;
          w._rateTurn(self, rating);
          var thanks = el("span", { className: "thanks", role: "status", tabindex: "-1", text: T.thanks });
          fb.appendChild(thanks);
          thanks.focus();
        })
        .catch(function (e) {
          up.disabled = down.disabled = false;
          up.setAttribute("aria-pressed", "false");
          down.setAttribute("aria-pressed", "false");
          err.textContent = T.feedbackFailed + (e && e.message ? e.message : String(e));
          if (comment) {
            var go = comment.querySelector("button");
            if (go) go.disabled = false;
          }
        });
    }
    up.addEventListener("click", function () {
      up.setAttribute("aria-pressed", "true");
      down.setAttribute("aria-pressed", "false");
      send(1, null);
    });
    down.addEventListener("click", function () {
      down.setAttribute("aria-pressed", "true");
      up.setAttribute("aria-pressed", "false");
      if (comment) {
        comment.querySelector("textarea").focus();
        return;
      }
      var id = "tlpl-c-" + Math.random().toString(36).slice(2);
      var ta = el("textarea", { id: id, className: "comment-input", maxlength: "2000" });
      var go = el("button", { type: "button", className: "send-feedback", text: T.sendFeedback });
      go.addEventListener("click", function () {
        go.disabled = true;
        send(-1, ta.value.trim());
      });
      comment = el("div", { className: "comment" }, [el("label", { for: id, text: T.commentLabel }), ta, go]);
      box.appendChild(comment);
      ta.focus();
      comment.scrollIntoView({ block: "nearest" });
    });
    return box;
  };

  // ------------------------------------------------------------------ registration + auto-mount

  window.customElements.define(TAG, TroLyPhapLuat);

  function first() {
    return document.querySelector(TAG);
  }
  window.TroLyPhapLuat = {
    element: first,
    open: function () {
      var w = first();
      if (w) w.setOpen(true);
    },
    close: function () {
      var w = first();
      if (w) w.setOpen(false);
    },
    ask: function (q) {
      var w = first();
      return w ? w.ask(q) : Promise.resolve();
    },
    conversationId: function () {
      var w = first();
      return w ? w.conversationId : null;
    },
  };

  // position:fixed is relative to the viewport only while no ancestor has a transform, filter, perspective,
  // contain: paint… A portal whose <body> has one (page-transition, smooth-scroll libraries) would carry the
  // launcher away with the page; the element then goes directly under <html>.
  function trapsFixed(node) {
    var cs = window.getComputedStyle(node);
    function set(v) {
      return !!v && v !== "none";
    }
    return (
      set(cs.transform) || set(cs.filter) || set(cs.perspective) || set(cs.backdropFilter) ||
      /paint|layout|strict|content/.test(cs.contain || "") || /transform|filter|perspective/.test(cs.willChange || "")
    );
  }

  function mount() {
    // authors may place <tro-ly-phap-luat> themselves; otherwise the script tag creates exactly one
    if (first()) return;
    var node = document.createElement(TAG);
    (trapsFixed(document.body) ? document.documentElement : document.body).appendChild(node);
  }
  if (document.body && document.readyState !== "loading") mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
