// The header menu on narrow screens: folded behind one button (aria-expanded,
// aria-controls), opened and closed by click, Enter or Space (it is a <button>), and closed
// by Escape, which returns focus to the button. Wider screens show the whole menu and no
// button. Without JavaScript the menu simply stays open.

const NARROW = window.matchMedia("(max-width: 40rem)");
const button = document.getElementById("menu-toggle");

if (button) {
  const targets = button
    .getAttribute("aria-controls")
    .split(/\s+/)
    .map((id) => document.getElementById(id))
    .filter(Boolean);

  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    for (const target of targets) target.hidden = !open;
  };

  const fit = () => {
    button.hidden = !NARROW.matches;
    setOpen(!NARROW.matches);
  };

  button.addEventListener("click", () => {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.hidden) return;
    if (button.getAttribute("aria-expanded") !== "true") return;
    const inside = event.target === button || targets.some((t) => t.contains(event.target));
    if (!inside) return;
    setOpen(false);
    button.focus();
  });

  NARROW.addEventListener("change", fit);
  fit();
}
