// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // A table wider than the screen scrolls sideways inside its .table-scroll box: such a box must be reachable
  // with the keyboard (WCAG 2.1.1) and named after its table, but only while it really scrolls.
  const boxes = document.querySelectorAll(".table-scroll");
  const update = () => {
    boxes.forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) {
        const caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  };
  if (boxes.length) {
    update();
    window.addEventListener("resize", update);
  }
});
