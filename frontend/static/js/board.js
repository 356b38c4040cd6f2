// The live idea board. The server renders the whole board (frontend/templates/boards/);
// this module keeps it current over the board socket and sends every form on it as an
// operation. Protocol: docs/realtime-protocol.md. No dependencies; user text only ever
// goes into the page through textContent and form values.
//
// The page is the state: cards, groups and links are elements with data attributes, and
// every event sets them (so applying an event twice is harmless). Without a socket the
// forms post to the server as they are.

const PING_MS = 25_000; // an idle client pings (protocol: "every 25 seconds")
const SILENT_MS = 60_000; // nothing heard for this long: the connection is dead
const MAX_BACKOFF_MS = 30_000;
const ANNOUNCE_MS = 700; // changes by others are read out together, at most this often
const END = 1_000_000; // a position past the end of any section: the server appends
const COLOURS = ["yellow", "green", "blue", "pink", "orange", "white"];

const root = document.getElementById("board");
if (root) start(root);

function start(root) {
  const boardId = root.dataset.board;
  const me = Number(root.dataset.me);
  const facilitator = root.dataset.facilitator === "true";
  const text = readText();
  const templates = {
    card: document.getElementById("card-template"),
    cluster: document.getElementById("cluster-template"),
    link: document.getElementById("link-template"),
  };

  let lastSeq = Number(root.dataset.seq) || 0;
  let ws = null;
  let everConnected = false;
  let stopped = false;
  let resuming = false;
  let attempt = 0;
  let reconnectTimer = 0;
  let lastHeard = Date.now();
  const pending = new Map(); // op id → message, until its ack or error
  const hooks = new Map(); // op id → {applied, failed}
  const waiting = []; // [seq, callback]: run once the event with that seq is on the page
  const ownSeqs = new Set(); // events caused by this page: not announced
  const hiddenIds = new Map(); // others' unrevealed cards seen in events: id → section
  let notes = [];
  let noteTimer = 0;
  let timerSaidUp = "";

  // --- Small helpers ------------------------------------------------------------------

  function readText() {
    const strings = {};
    const source = document.getElementById("board-text");
    for (const span of source.content.querySelectorAll("[data-key]")) {
      strings[span.dataset.key] = span.textContent;
    }
    return strings;
  }

  function t(key, values = {}) {
    return (text[key] ?? text.error).replace(/\{(\w+)\}/g, (_m, name) => String(values[name] ?? ""));
  }

  function counted(n, one, many) {
    return t(n === 1 ? one : many, { n });
  }

  function field(name, scope = root) {
    return scope.querySelector(`[data-field="${name}"]`);
  }

  function cardEl(id) {
    const el = document.getElementById(`card-${id}`);
    return el && root.contains(el) ? el : null;
  }

  function sectionEl(id) {
    return root.querySelector(`.board-section[data-section="${id}"]`);
  }

  function sectionTitle(id) {
    return sectionEl(id)?.querySelector(".section-title")?.textContent ?? "";
  }

  function cardsIn(sectionId) {
    return [...root.querySelectorAll(`.card[data-section="${sectionId}"]`)].sort(
      (a, b) => a.dataset.position - b.dataset.position || a.dataset.card - b.dataset.card,
    );
  }

  function visible(el) {
    return el.isConnected && el.getClientRects().length > 0;
  }

  function newId() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function excerpt(value) {
    return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  }

  // Copy a <template>'s element, giving its ids (and what points at them) the real number.
  function copy(template, prefix, id) {
    const node = template.content.firstElementChild.cloneNode(true);
    const from = new RegExp(`^${prefix}-0(?=-|$)`);
    for (const el of [node, ...node.querySelectorAll("*")]) {
      for (const attr of ["id", "for", "aria-labelledby", "aria-describedby"]) {
        const value = el.getAttribute(attr);
        if (value) {
          const tokens = value.split(" ").map((token) => token.replace(from, `${prefix}-${id}`));
          el.setAttribute(attr, tokens.join(" "));
        }
      }
    }
    return node;
  }

  // --- Cards -----------------------------------------------------------------------------

  function newCard(data) {
    const el = copy(templates.card, "card", data.id);
    el.dataset.card = data.id;
    el.querySelector('input[name="card"]').value = data.id;
    el.querySelector('input[name="cards"]').value = data.id;
    if (!(facilitator || data.author === me)) el.querySelector(".card-edit")?.remove();
    return el;
  }

  // Put a card on the page, or bring it up to date. Returns its element (or null for a
  // card this participant may not read yet: only counted).
  function upsertCard(data) {
    let el = cardEl(data.id);
    if (data.hidden && data.text === undefined) {
      if (!el) trackHidden(data.id, data.section);
      return null;
    }
    forgetHidden(data.id);
    const previousSection = el?.dataset.section;
    if (!el) {
      el = newCard(data);
      sectionEl(data.section)?.querySelector('[data-list="loose"]').append(el);
    }
    el.dataset.section = data.section;
    el.dataset.cluster = data.cluster ?? "";
    el.dataset.position = data.position;
    el.dataset.hidden = String(Boolean(data.hidden));
    // A revealed card on an anonymous board comes without its author: keep what we knew.
    if (data.author != null || !("author" in el.dataset)) el.dataset.author = data.author ?? "";
    setCardText(el, data.text);
    setColour(el, data.colour);
    const mine = el.dataset.author !== "" && Number(el.dataset.author) === me;
    field("author", el).textContent = mine ? t("you") : data.author_name || t("anonymous");
    layout(data.section);
    if (previousSection && previousSection !== String(data.section)) layout(previousSection);
    return el;
  }

  function setCardText(el, value) {
    if (value === undefined) return;
    field("text", el).textContent = value;
    const editor = el.querySelector('textarea[name="text"]');
    if (editor && document.activeElement !== editor) editor.value = value;
    const id = el.dataset.card;
    for (const link of root.querySelectorAll(`.card-link[data-other="${id}"]`)) {
      field("link-text", link).textContent = excerpt(value);
    }
  }

  function setColour(el, colour) {
    if (!COLOURS.includes(colour)) return;
    el.classList.remove(...COLOURS.map((c) => `card--${c}`));
    el.classList.add(`card--${colour}`);
    const select = el.querySelector('select[name="colour"]');
    if (select && document.activeElement !== select) select.value = colour;
  }

  function removeCard(id) {
    const el = cardEl(id);
    if (!el) return;
    for (const link of root.querySelectorAll(`.card-link[data-other="${id}"]`)) link.remove();
    el.remove();
    updateSelection();
  }

  // Order a section's cards on the page by their position: each group's cards in its list,
  // the rest in the section's own list. Moves only what is out of place; whatever had focus
  // keeps it (or, if it is gone from view, its card does).
  function layout(sectionId) {
    const section = sectionEl(sectionId);
    if (!section) return;
    const focused = document.activeElement;
    const loose = section.querySelector('[data-list="loose"]');
    const lists = new Map([[loose, []]]);
    for (const list of section.querySelectorAll(".cluster .cards")) lists.set(list, []);
    for (const card of cardsIn(sectionId)) {
      const group = card.dataset.cluster && section.querySelector(`[data-list="${card.dataset.cluster}"]`);
      lists.get(group || loose).push(card);
      for (const button of card.querySelectorAll("[data-to-section]")) {
        button.hidden = button.dataset.toSection === String(sectionId);
      }
    }
    for (const [list, cards] of lists) {
      cards.forEach((card, index) => {
        if (list.children[index] !== card) list.insertBefore(card, list.children[index] ?? null);
      });
    }
    restoreFocus(focused);
  }

  function restoreFocus(focused) {
    if (!focused || focused === document.body || document.activeElement === focused) return;
    if (!focused.isConnected) return;
    if (visible(focused)) focused.focus({ preventScroll: true });
    else focused.closest(".card")?.focus({ preventScroll: true });
  }

  function setPositions(sectionId, order) {
    order.forEach((id, index) => {
      const card = cardEl(id);
      if (card) {
        card.dataset.position = index;
        card.dataset.section = sectionId;
      }
    });
  }

  // --- Cards nobody may read yet (silent writing) ---------------------------------------

  function hiddenCount(sectionId, change) {
    const section = sectionEl(sectionId);
    if (!section) return;
    const counter = field("hidden-count", section);
    setHiddenCount(counter, Math.max(0, Number(counter.dataset.count || 0) + change));
  }

  function setHiddenCount(counter, n) {
    counter.dataset.count = n;
    counter.textContent = counted(n, "hidden-one", "hidden-many");
    counter.hidden = n === 0;
  }

  function trackHidden(id, sectionId) {
    const known = hiddenIds.get(id);
    if (known === sectionId) return;
    if (known !== undefined) hiddenCount(known, -1);
    hiddenIds.set(id, sectionId);
    hiddenCount(sectionId, +1);
  }

  function forgetHidden(id) {
    if (hiddenIds.has(id)) {
      hiddenCount(hiddenIds.get(id), -1);
      hiddenIds.delete(id);
    }
  }

  // --- Groups and links ------------------------------------------------------------------

  function addCluster(cluster) {
    let el = root.querySelector(`.cluster[data-cluster="${cluster.id}"]`);
    if (!el) {
      el = copy(templates.cluster, "cluster", cluster.id);
      el.dataset.cluster = cluster.id;
      el.querySelector('input[name="cluster"]').value = cluster.id;
      el.querySelector(".cards").dataset.list = cluster.id;
      field("clusters", sectionEl(cluster.section)).append(el);
      const option = document.createElement("option");
      option.value = cluster.id;
      root.querySelector(`#selection-cluster optgroup[data-section="${cluster.section}"]`)?.append(option);
    }
    field("heading", el).textContent = cluster.heading;
    const option = root.querySelector(`#selection-cluster option[value="${cluster.id}"]`);
    if (option) option.textContent = cluster.heading;
  }

  function removeCluster(id) {
    const el = root.querySelector(`.cluster[data-cluster="${id}"]`);
    if (!el) return;
    const sectionId = el.closest(".board-section").dataset.section;
    for (const card of root.querySelectorAll(`.card[data-cluster="${id}"]`)) card.dataset.cluster = "";
    layout(sectionId); // its cards move out first, so none loses focus with it
    const focused = el.contains(document.activeElement);
    el.remove();
    root.querySelector(`#selection-cluster option[value="${id}"]`)?.remove();
    if (focused) focusSection(sectionId);
  }

  function focusSection(sectionId) {
    const heading = sectionEl(sectionId)?.querySelector(".section-title");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  function addLinkTo(card, other) {
    if (!card || !other || card.querySelector(`.card-link[data-other="${other.dataset.card}"]`)) return;
    const item = templates.link.content.firstElementChild.cloneNode(true);
    item.dataset.other = other.dataset.card;
    field("link-text", item).textContent = excerpt(field("text", other).textContent);
    item.querySelector("button").value = `unlink:${other.dataset.card}`;
    field("links", card).append(item);
  }

  function addLink(source, target) {
    addLinkTo(cardEl(source), cardEl(target));
    addLinkTo(cardEl(target), cardEl(source));
  }

  function removeLink(source, target) {
    cardEl(source)?.querySelector(`.card-link[data-other="${target}"]`)?.remove();
    cardEl(target)?.querySelector(`.card-link[data-other="${source}"]`)?.remove();
  }

  // --- Board state -------------------------------------------------------------------------

  function setPhase(phase) {
    root.dataset.phase = phase;
    const badge = field("phase");
    badge.textContent = t(`phase-${phase}`);
    badge.className = `status phase phase--${phase}`;
    const select = root.querySelector("#control-phase");
    if (select && document.activeElement !== select) select.value = phase;
  }

  function setVotesLeft(n) {
    root.dataset.votesLeft = n;
    field("votes-left").textContent = t("votes-left", { n, total: root.dataset.votesTotal });
  }

  function setMyVotes(card, n) {
    card.dataset.myVotes = n;
    field("my-votes", card).textContent = t("my-votes", { n });
  }

  function setResults(results) {
    root.dataset.results = String(Boolean(results));
    if (!results) return;
    for (const card of root.querySelectorAll(".card")) {
      const n = results[card.dataset.card] ?? 0;
      card.dataset.votes = n;
      field("votes", card).textContent = counted(n, "votes-one", "votes-many");
    }
  }

  function setTimer(endsAt) {
    const el = field("timer");
    el.dataset.endsAt = endsAt ?? "";
    tick();
  }

  function tick() {
    const el = field("timer");
    const endsAt = el.dataset.endsAt;
    el.hidden = !endsAt;
    if (!endsAt) return;
    const left = secondsUntil(endsAt);
    if (left > 0) {
      el.textContent = t("timer-left", { time: clock(left) });
    } else {
      el.textContent = t("timer-up");
      if (timerSaidUp !== endsAt) {
        timerSaidUp = endsAt;
        if (left > -5) say(t("timer-up"));
      }
    }
  }

  function secondsUntil(iso) {
    return Math.round((Date.parse(iso) - Date.now()) / 1000);
  }

  function clock(seconds) {
    seconds = Math.max(0, seconds);
    const minutes = Math.floor(seconds / 60);
    return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function renderPresence(participants) {
    const seen = new Map(participants.map((p) => [p.id, p.name]));
    const list = field("presence");
    list.replaceChildren(
      ...[...seen].map(([id, name]) => {
        const item = document.createElement("li");
        item.textContent = Number(id) === me ? `${name} (${t("you").toLowerCase()})` : name;
        return item;
      }),
    );
    field("presence-count").textContent = t("present", { n: seen.size });
  }

  function setStatus(state) {
    const status = root.querySelector(".connection");
    status.dataset.state = state;
    field("connection").textContent = t(state);
  }

  function showAlert(message) {
    const alert = field("alert");
    alert.textContent = "";
    // A new node, so the same message twice is read out twice.
    requestAnimationFrame(() => {
      alert.textContent = message;
    });
  }

  function say(message) {
    const log = field("announcer");
    const line = document.createElement("p");
    line.textContent = message;
    log.append(line);
    while (log.children.length > 5) log.firstElementChild.remove();
  }

  function note(seq, message) {
    notes.push([seq, message]);
    if (!noteTimer) noteTimer = setTimeout(flushNotes, ANNOUNCE_MS);
  }

  function flushNotes() {
    noteTimer = 0;
    const fresh = notes.filter(([seq]) => !ownSeqs.has(seq)).map(([, message]) => message);
    for (const [seq] of notes) ownSeqs.delete(seq);
    notes = [];
    if (fresh.length) say(fresh.length > 3 ? t("many", { n: fresh.length }) : fresh.join(". "));
  }

  // --- Events (each sets state; the returned text is read out if someone else did it) ----

  const on = {
    "card.added"({ card }) {
      const section = sectionTitle(card.section);
      upsertCard(card);
      if (card.author === me) return null;
      if (card.text === undefined) return t("added-hidden", { section });
      if (!card.author_name) return t("added-anonymous", { section });
      return t("added", { name: card.author_name, section });
    },
    "card.edited"({ card }) {
      upsertCard(card);
      return card.text === undefined ? null : t("edited", { section: sectionTitle(card.section) });
    },
    "card.moved"(data) {
      const el = cardEl(data.card);
      const from = data.from_section ?? data.section;
      if (el) {
        if ("cluster" in data) el.dataset.cluster = data.cluster ?? "";
      } else if (hiddenIds.has(data.card)) {
        trackHidden(data.card, data.section);
      } else if (String(from) !== String(data.section)) {
        hiddenCount(from, -1);
        hiddenCount(data.section, +1);
      }
      setPositions(data.section, data.order);
      if (data.from_order) setPositions(data.from_section, data.from_order);
      layout(data.section);
      if (String(from) !== String(data.section)) layout(from);
      return t("moved", { section: sectionTitle(data.section) });
    },
    "card.deleted"({ card, section }) {
      if (cardEl(card)) removeCard(card);
      else if (hiddenIds.has(card)) forgetHidden(card);
      else hiddenCount(section, -1);
      return t("deleted", { section: sectionTitle(section) });
    },
    "card.clustered"({ card, cluster }) {
      const el = cardEl(card);
      if (!el) return null;
      el.dataset.cluster = cluster ?? "";
      layout(el.dataset.section);
      return t("clustered", { section: sectionTitle(el.dataset.section) });
    },
    "cluster.created"({ cluster, cards }) {
      addCluster(cluster);
      for (const id of cards) {
        const el = cardEl(id);
        if (el) el.dataset.cluster = cluster.id;
      }
      layout(cluster.section);
      return t("cluster-created", { heading: cluster.heading, section: sectionTitle(cluster.section) });
    },
    "cluster.removed"({ cluster }) {
      removeCluster(cluster);
      return t("cluster-removed");
    },
    "vote.added"(data) {
      return vote(data, +1);
    },
    "vote.removed"(data) {
      return vote(data, -1);
    },
    "link.added"({ link }) {
      addLink(link.source, link.target);
      return t("linked");
    },
    "link.removed"({ source, target }) {
      removeLink(source, target);
      return t("unlinked");
    },
    "board.phase"({ phase, revealed, results }) {
      if (revealed) {
        for (const card of revealed) upsertCard({ ...card, hidden: false });
        for (const card of root.querySelectorAll('.card[data-hidden="true"]')) card.dataset.hidden = "false";
        for (const counter of root.querySelectorAll('[data-field="hidden-count"]')) {
          setHiddenCount(counter, 0);
        }
        hiddenIds.clear();
      }
      if (results) setResults(results);
      setPhase(phase);
      return t("phase", { phase: t(`phase-${phase}`) });
    },
    "board.timer"({ ends_at: endsAt }) {
      setTimer(endsAt);
      if (!endsAt) return t("timer-stopped");
      return t("timer-started", { time: clock(secondsUntil(endsAt)) });
    },
    "board.lock"({ locked }) {
      root.dataset.locked = String(locked);
      return t(locked ? "locked" : "unlocked");
    },
  };

  function vote(data, change) {
    // Votes are secret: others only learn that the board moved on.
    if (data.card === undefined) return null;
    const card = cardEl(data.card);
    if (card) setMyVotes(card, Math.max(0, Number(card.dataset.myVotes || 0) + change));
    if (data.remaining !== undefined) setVotesLeft(data.remaining);
    return null;
  }

  function applySnapshot(state) {
    lastSeq = state.seq;
    const b = state.board;
    root.dataset.locked = String(b.locked);
    root.dataset.votesTotal = b.votes_per_participant;
    setPhase(b.phase);
    setTimer(b.timer_ends_at);
    hiddenIds.clear();
    for (const section of state.sections) {
      const counter = field("hidden-count", sectionEl(section.id) ?? root);
      if (counter && sectionEl(section.id)) setHiddenCount(counter, section.hidden_cards);
    }
    for (const cluster of state.clusters) addCluster(cluster);
    const keep = new Set(state.cards.map((card) => String(card.id)));
    for (const card of state.cards) upsertCard(card);
    for (const card of root.querySelectorAll(".card")) {
      if (!keep.has(card.dataset.card)) removeCard(card.dataset.card);
    }
    const clusters = new Set(state.clusters.map((cluster) => String(cluster.id)));
    for (const el of root.querySelectorAll(".cluster")) {
      if (!clusters.has(el.dataset.cluster)) removeCluster(el.dataset.cluster);
    }
    for (const link of root.querySelectorAll(".card-link")) link.remove();
    for (const link of state.links) addLink(link.source, link.target);
    const mine = new Map();
    for (const id of state.my_votes) mine.set(String(id), (mine.get(String(id)) ?? 0) + 1);
    for (const card of root.querySelectorAll(".card")) setMyVotes(card, mine.get(card.dataset.card) ?? 0);
    setVotesLeft(state.votes_left);
    setResults(state.results);
  }

  // --- The socket --------------------------------------------------------------------------

  function connect() {
    clearTimeout(reconnectTimer);
    if (stopped) return;
    setStatus(everConnected ? "reconnecting" : "connecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/ws/boards/${boardId}/?last_seq=${lastSeq}`);
    ws = socket;
    resuming = true;
    socket.addEventListener("open", () => {
      lastHeard = Date.now();
      // Operations sent before a break and never answered go again, with the same op id:
      // the server applies each op id once.
      for (const message of pending.values()) socket.send(JSON.stringify(message));
    });
    socket.addEventListener("message", (event) => {
      if (ws === socket) receive(event.data);
    });
    socket.addEventListener("close", (event) => {
      if (ws === socket) dropped(event.code);
    });
  }

  function dropped(code) {
    ws = null;
    if (code === 4401 || code === 4404) {
      stopped = true;
      setStatus("offline");
      showAlert(t(`closed-${code}`));
      return;
    }
    if (!navigator.onLine) {
      setStatus("offline"); // "online" reconnects
      return;
    }
    setStatus("reconnecting");
    if (code === 1012) attempt = 0; // a server restart: come back at once, to any server
    if (code === 4429) attempt = Math.max(attempt, 5); // flooding: later, slower
    const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    attempt += 1;
    reconnectTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function open() {
    return ws !== null && ws.readyState === WebSocket.OPEN;
  }

  function transmit(message) {
    if (open()) ws.send(JSON.stringify(message));
  }

  function resume() {
    if (resuming) return;
    resuming = true;
    transmit({ type: "resume", last_seq: lastSeq });
  }

  function receive(raw) {
    lastHeard = Date.now();
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    switch (message.type) {
      case "snapshot":
        applySnapshot(message);
        caughtUp();
        break;
      case "replayed":
        lastSeq = Math.max(lastSeq, message.seq);
        caughtUp();
        break;
      case "event":
        onEvent(message);
        break;
      case "ack": {
        pending.delete(message.op_id);
        ownSeqs.add(message.seq);
        if (ownSeqs.size > 500) for (const seq of ownSeqs) if (seq < lastSeq - 100) ownSeqs.delete(seq);
        const hook = hooks.get(message.op_id);
        hooks.delete(message.op_id);
        if (hook?.applied) whenApplied(message.seq, hook.applied);
        break;
      }
      case "error": {
        if (message.op_id) {
          pending.delete(message.op_id);
          hooks.get(message.op_id)?.failed?.();
          hooks.delete(message.op_id);
        }
        showAlert(text[`error-${message.code}`] ?? t("error"));
        break;
      }
      case "presence":
        renderPresence(message.participants ?? []);
        break;
      case "pong":
        if (message.seq > lastSeq) resume();
        break;
      default:
        break;
    }
  }

  function caughtUp() {
    resuming = false;
    everConnected = true;
    attempt = 0;
    setStatus("connected");
    runWaiting();
  }

  function onEvent(message) {
    if (message.seq <= lastSeq) return; // already on the page
    if (message.seq > lastSeq + 1) {
      resume(); // a gap: the server sends what is missing, in order
      return;
    }
    const handler = on[message.event];
    const said = handler ? handler(message.data ?? {}) : null;
    lastSeq = message.seq;
    if (said) note(message.seq, said);
    runWaiting();
  }

  function whenApplied(seq, callback) {
    if (seq <= lastSeq) callback();
    else waiting.push([seq, callback]);
  }

  function runWaiting() {
    for (let i = waiting.length - 1; i >= 0; i -= 1) {
      if (waiting[i][0] <= lastSeq) {
        const [, callback] = waiting.splice(i, 1)[0];
        callback();
      }
    }
  }

  function send(op, data, hook) {
    const opId = newId();
    const message = { type: "op", op, op_id: opId, data };
    pending.set(opId, message);
    if (hook) hooks.set(opId, hook);
    transmit(message);
    return opId;
  }

  setInterval(() => {
    if (!open()) return;
    if (Date.now() - lastHeard > SILENT_MS) {
      const dead = ws;
      dropped(1006); // no pong for a long time: start again rather than wait
      dead.close();
      return;
    }
    transmit({ type: "ping" });
  }, PING_MS);
  setInterval(tick, 1000);
  window.addEventListener("online", () => {
    if (!ws && !stopped) {
      attempt = 0;
      connect();
    }
  });
  window.addEventListener("offline", () => setStatus("offline"));

  // --- Forms -> operations (the server does the same for forms posted without a socket:
  // frontend/views/boards/actions.py, operations_from_form) --------------------------------

  function selectedCards() {
    return [...root.querySelectorAll('input[name="cards"][form="board-selection"]:checked')].filter((box) =>
      root.contains(box),
    );
  }

  function updateSelection() {
    field("selected").textContent = t("selected", { n: selectedCards().length });
  }

  function clearSelection() {
    for (const box of selectedCards()) box.checked = false;
    updateSelection();
  }

  function neighbourMove(card, direction) {
    const siblings = [...card.parentElement.children];
    const index = siblings.indexOf(card) + (direction === "up" ? -1 : 1);
    if (index < 0 || index >= siblings.length) return null;
    const order = cardsIn(card.dataset.section);
    return { section: Number(card.dataset.section), position: order.indexOf(siblings[index]) };
  }

  function saidWhere(card) {
    return () => {
      if (!card.isConnected) return;
      const siblings = [...card.parentElement.children];
      say(
        t("moved-own", {
          index: siblings.indexOf(card) + 1,
          count: siblings.length,
          section: sectionTitle(card.dataset.section),
        }),
      );
    };
  }

  // Where focus goes once an operation is on the page, if it was lost on the way.
  function settle(origin, extra) {
    return () => {
      extra?.();
      const active = document.activeElement;
      if (active && active !== document.body && visible(active)) return;
      const card = origin.closest(".card");
      if (card?.isConnected) {
        card.focus();
        return;
      }
      const form = origin.closest("form");
      const candidate =
        form && [...form.querySelectorAll("button, select, input, textarea, summary")].find(visible);
      if (candidate) candidate.focus();
      else focusSection(origin.closest(".board-section")?.dataset.section);
    };
  }

  // One form's action as operations: [[op, data, hook?], …]; [] when there is nothing to do.
  function operationsFor(form, button) {
    const [action, argument] = (button?.value ?? "").split(":");
    const value = (name) => form.elements.namedItem(name)?.value ?? "";
    const card = form.closest(".card");
    const cardId = card ? Number(card.dataset.card) : null;
    const done = settle(button ?? form);
    switch (action) {
      case "add": {
        const textarea = form.elements.namedItem("text");
        const colour = value("colour") || undefined;
        const data = { section: Number(value("section")), text: textarea.value, colour };
        const typed = textarea.value;
        textarea.value = "";
        const failed = () => {
          if (!textarea.value) textarea.value = typed;
        };
        return [["card.add", data, { failed }]];
      }
      case "edit": {
        const menu = button.closest("details");
        const closeMenu = () => {
          menu.open = false;
          menu.querySelector("summary").focus();
        };
        const data = { card: cardId, text: value("text"), colour: value("colour") || undefined };
        return [["card.edit", data, { applied: closeMenu }]];
      }
      case "up":
      case "down": {
        const target = neighbourMove(card, action);
        if (target === null) {
          say(t(action === "up" ? "first" : "last"));
          return [];
        }
        return [["card.move", { card: cardId, ...target }, { applied: settle(button, saidWhere(card)) }]];
      }
      case "move": {
        const menu = button.closest("details");
        const then = () => {
          menu.open = false;
          card.focus();
          saidWhere(card)();
        };
        return [["card.move", { card: cardId, section: Number(argument), position: END }, { applied: then }]];
      }
      case "delete": {
        const next = card.nextElementSibling ?? card.previousElementSibling;
        const sectionId = card.dataset.section;
        const after = () => {
          if (next?.isConnected) next.focus();
          else focusSection(sectionId);
        };
        return [["card.delete", { card: cardId }, { applied: after }]];
      }
      case "vote":
        return [["vote.add", { card: cardId }, { applied: done }]];
      case "unvote":
        return [["vote.remove", { card: cardId }, { applied: done }]];
      case "uncluster":
        return [["card.cluster", { card: cardId, cluster: null }, { applied: done }]];
      case "unlink":
        return [["link.remove", { source: cardId, target: Number(argument) }, { applied: done }]];
      case "ungroup":
        return [["cluster.remove", { cluster: Number(value("cluster")) }, { applied: done }]];
      case "phase":
        return [["board.phase", { phase: value("phase") }]];
      case "timer": {
        const minutes = Number(value("minutes"));
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw new Error(t("error-invalid"));
        return [["board.timer", { seconds: minutes * 60 }]];
      }
      case "timer-stop":
        return [["board.timer", { seconds: null }]];
      case "lock":
      case "unlock":
        return [["board.lock", { locked: action === "lock" }, { applied: done }]];
      default:
        return selectionOperations(action, form);
    }
  }

  function selectionOperations(action, form) {
    const boxes = selectedCards();
    const cards = boxes.map((box) => Number(box.value));
    if (!["group", "join-group", "link"].includes(action)) return [];
    if (!cards.length) throw new Error(t("need-cards"));
    const hook = { applied: clearSelection };
    if (action === "link") {
      if (cards.length !== 2) throw new Error(t("need-two"));
      return [["link.add", { source: cards[0], target: cards[1] }, hook]];
    }
    if (action === "join-group") {
      const cluster = form.elements.namedItem("cluster").value;
      if (!cluster) throw new Error(t("need-group"));
      const last = cards.length - 1;
      return cards.map((card, i) => [
        "card.cluster",
        { card, cluster: Number(cluster) },
        i === last ? hook : undefined,
      ]);
    }
    const sections = new Set(boxes.map((box) => box.closest(".card").dataset.section));
    if (sections.size > 1) throw new Error(t("same-section"));
    const heading = form.elements.namedItem("heading");
    if (!heading.value.trim()) {
      heading.focus();
      throw new Error(t("need-heading"));
    }
    const data = { section: Number([...sections][0]), heading: heading.value, cards };
    const applied = () => {
      heading.value = "";
      clearSelection();
    };
    return [["cluster.create", data, { applied }]];
  }

  root.addEventListener("submit", (event) => {
    // Without a socket (never connected, or sent away) the form posts to the server.
    if (!open() && !(everConnected && !stopped)) return;
    event.preventDefault();
    let operations;
    try {
      operations = operationsFor(event.target, event.submitter);
    } catch (problem) {
      showAlert(problem.message);
      return;
    }
    field("alert").textContent = "";
    if (operations.length && !open()) showAlert(t("offline-action"));
    for (const [op, data, hook] of operations) send(op, data, hook);
  });

  root.addEventListener("change", (event) => {
    if (event.target.matches('input[name="cards"]')) updateSelection();
  });

  root.addEventListener("keydown", (event) => {
    // Escape closes a card's menu and leaves focus on its summary.
    const menu = event.target.closest(".card-menu[open]");
    if (event.key === "Escape" && menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
      return;
    }
    // Ctrl+Enter (or ⌘+Enter) in a new card's text adds it.
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const form = event.target.closest(".add-card");
    if (!form || event.target.name !== "text") return;
    event.preventDefault();
    form.requestSubmit(form.querySelector('button[value="add"]'));
  });

  // --- Drag and drop (the "Flytta" menu on every card does the same from the keyboard) ----

  let dragged = null;

  function clearMarks() {
    for (const el of root.querySelectorAll(".drop-before, .drop-after, .drop-into")) {
      el.classList.remove("drop-before", "drop-after", "drop-into");
    }
  }

  function dropTarget(event) {
    const card = event.target.closest(".card");
    if (card && card !== dragged) {
      const box = card.getBoundingClientRect();
      return { list: card.parentElement, ref: card, after: event.clientY > box.top + box.height / 2 };
    }
    if (card) return null;
    const list = event.target.closest(".cards");
    if (list) return { list, ref: null, after: true };
    const section = event.target.closest(".board-section");
    return section ? { list: section.querySelector('[data-list="loose"]'), ref: null, after: true } : null;
  }

  root.addEventListener("dragstart", (event) => {
    const handle = event.target.closest?.(".card-handle");
    if (!handle) return;
    dragged = handle.closest(".card");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", field("text", dragged).textContent);
    event.dataTransfer.setDragImage(dragged, 20, 20);
    dragged.classList.add("is-dragging");
  });

  root.addEventListener("dragend", () => {
    dragged?.classList.remove("is-dragging");
    dragged = null;
    clearMarks();
  });

  root.addEventListener("dragover", (event) => {
    if (!dragged) return;
    const target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    if (target.ref) target.ref.classList.add(target.after ? "drop-after" : "drop-before");
    else target.list.classList.add("drop-into");
  });

  root.addEventListener("drop", (event) => {
    if (!dragged) return;
    const target = dropTarget(event);
    clearMarks();
    if (!target) return;
    event.preventDefault();
    const card = dragged;
    const sectionId = target.list.closest(".board-section").dataset.section;
    const cluster = target.list.dataset.list === "loose" ? "" : target.list.dataset.list;
    const order = cardsIn(sectionId).filter((c) => c !== card);
    let position;
    if (target.ref) {
      position = order.indexOf(target.ref) + (target.after ? 1 : 0);
    } else {
      const last = [...target.list.children].filter((c) => c !== card).at(-1);
      position = last ? order.indexOf(last) + 1 : order.length;
    }
    const id = Number(card.dataset.card);
    send("card.move", { card: id, section: Number(sectionId), position });
    // Moving to another section takes a card out of its group; dropping it into one puts it in.
    const current = sectionId === card.dataset.section ? card.dataset.cluster : "";
    if (cluster !== current) send("card.cluster", { card: id, cluster: cluster ? Number(cluster) : null });
  });

  // --- Start -------------------------------------------------------------------------------

  updateSelection();
  tick();
  connect();
}
