// Kakehashi's own small script. Every page works without it; it only adds comforts.
// Disable a form's submit button once pressed, so a double tap does not send it twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[type=submit]");
  if (button) {
    window.setTimeout(function () { button.disabled = true; }, 0);
  }
});
