// Live notifications: the unread count in the header and the notification list follow the
// person's own socket (/ws/me/) without a reload. The socket only says "something new";
// the page then fetches what is new (rendered in the page's language) from
// /notiser/nya/, so nothing is built from what the socket sends. One polite announcement
// per batch: several notifications arriving together are announced once.

const link = document.getElementById("notifications-link");
const BATCH_MS = 400;
const MAX_BACKOFF_MS = 30_000;

if (link) {
  const badge = document.getElementById("notification-badge");
  const count = document.getElementById("notification-count");
  const countWord = document.getElementById("notification-count-word");
  const list = document.getElementById("notification-list");
  const empty = document.getElementById("notification-empty");
  const status = document.getElementById("live-status");
  let newest = Number(list?.dataset.newest || 0);
  let timer = null;
  let fetching = false;
  let again = false;
  let backoff = 1000;

  const showCount = (unread) => {
    count.textContent = String(unread);
    countWord.textContent = unread === 1 ? link.dataset.unreadOne : link.dataset.unreadMany;
    badge.hidden = unread === 0;
  };

  const item = (n) => {
    const li = document.createElement("li");
    li.className = n.unread ? "notification notification--unread" : "notification";
    li.dataset.id = String(n.id);
    if (n.unread) {
      const label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = `${list.dataset.unreadLabel} `;
      li.append(label);
    }
    const a = document.createElement("a");
    a.href = n.url;
    a.textContent = n.message;
    const time = document.createElement("time");
    time.dateTime = n.created;
    time.textContent = n.created_label;
    li.append(a, " ", time);
    return li;
  };

  const refresh = async () => {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const url = `${link.dataset.liveUrl}?after=${newest}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      showCount(data.unread);
      const fresh = data.items.filter((n) => n.id > newest);
      if (fresh.length === 0) return;
      newest = Math.max(newest, ...fresh.map((n) => n.id));
      if (list && "live" in list.dataset) {
        // Oldest first, each at the top: the newest ends up first, as the page lists them.
        for (const n of [...fresh].reverse()) {
          if (!list.querySelector(`[data-id="${n.id}"]`)) list.prepend(item(n));
        }
        list.hidden = false;
        if (empty) empty.hidden = true;
      }
      if (status) status.textContent = data.announcement;
    } catch {
      // Offline for a moment: the next event or reconnect fetches again.
    } finally {
      fetching = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, BATCH_MS);
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/me/`);
    socket.addEventListener("open", () => {
      link.dataset.live = "open";
      if (backoff > 1000) schedule(); // back after a break: catch up on what was missed
      backoff = 1000;
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && message.type === "notification.new") schedule();
    });
    socket.addEventListener("close", (event) => {
      link.dataset.live = "closed";
      if (event.code === 4401 || event.code === 4403) return; // signed out: stay quiet
      const wait = backoff + Math.random() * backoff * 0.3;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      setTimeout(connect, wait);
    });
  };

  connect();
}
