// EffFleet console: refreshes a running rollout's stages every 2 s by fetching its HTML
// fragment (/rollouts/ID/live); stops once the rollout is no longer running. The page reads
// the same without this script (it then reloads itself every 5 s through <noscript>).
"use strict";
(function () {
  const periodMs = 2000;
  async function refresh() {
    const live = document.getElementById("rollout-live");
    if (!live || live.dataset.running !== "true") return;
    try {
      const answer = await fetch(live.dataset.liveHref, { credentials: "same-origin", redirect: "manual" });
      if (!answer.ok) {
        live.insertAdjacentHTML("afterbegin", '<p class="message" role="alert">Live refresh stopped (sign in again to resume).</p>');
        return;
      }
      const template = document.createElement("template");
      template.innerHTML = (await answer.text()).trim();
      const fresh = template.content.firstElementChild;
      if (fresh && fresh.id === "rollout-live") live.replaceWith(fresh);
    } catch (error) {
      // The registry restarting: try again at the next tick.
    }
    setTimeout(refresh, periodMs);
  }
  setTimeout(refresh, periodMs);
})();
