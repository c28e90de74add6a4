// The host page's own script: it asked the main widget for events (the `events`
// attribute) and shows what it was told. Only the journey and level ever arrive.
document.addEventListener("safeguard:complete", (event) => {
  const { journey, level, levelName } = event.detail;
  const status = document.getElementById("host-status");
  status.textContent = level === null ? `Journey "${journey}" finished.` : `Journey "${journey}" finished at level ${level}: ${levelName}.`;
});
