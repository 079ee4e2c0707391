// Kakehashi's own small script. Every page works without it; it only adds comforts.
// Disable a form's submit button once pressed, so a double tap does not send it twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[type=submit]");
  if (button) {
    window.setTimeout(function () { button.disabled = true; }, 0);
  }
});

// The menu button opens and closes the menu in place (without a script it jumps to #menu).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest(".menu-button") : null;
  if (!button) {
    return;
  }
  event.preventDefault();
  var header = button.closest(".site-header");
  var open = header.classList.toggle("menu-open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
