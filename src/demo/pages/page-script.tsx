import type { Hono } from 'hono'

/** Where the demo's one script is served, from its own origin (CSP `'self'`, no inline script). */
export const PAGE_SCRIPT_PATH = '/assets/demo-pages.js'

/**
 * Two enhancements; every page works the same without them.
 *
 * - A page that answered a form post and carries `data-forget-post` on its script tag replaces
 *   its history entry with a plain visit of its address. Pages whose status the contract fixes
 *   (a refused reset is a 422 page, a failed sign-in a 401) cannot redirect, and without this,
 *   Back onto them after the next post shows Chromium's "Confirm Form Resubmission". Pages whose
 *   refresh must repeat the post (a link's success page, same-browser replay) leave it out.
 * - A form with `data-busy-label` disables its button and shows that label once sent, so a slow
 *   sign-in (a deliberately costly password check) shows progress and is not sent twice. The
 *   button is disabled a tick later: disabling it inside the submit event could cancel the post.
 *
 * Hand-written, a few lines of ES5: no library does this smaller.
 */
export const PAGE_SCRIPT = `"use strict";
(function () {
  if (document.querySelector("script[data-forget-post]") && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.href);
  }
  var forms = document.querySelectorAll("form[data-busy-label]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (event) {
      var form = event.currentTarget;
      var button = form.querySelector("button[type=submit]");
      if (!button) return;
      if (form.getAttribute("aria-busy") === "true") return event.preventDefault();
      form.setAttribute("aria-busy", "true");
      button.setAttribute("data-idle-label", button.textContent);
      button.textContent = form.getAttribute("data-busy-label");
      setTimeout(function () { button.disabled = true; }, 0);
    });
  }
  // Back to a page kept in the back/forward cache: its form can be sent again.
  window.addEventListener("pageshow", function () {
    for (var j = 0; j < forms.length; j++) {
      var button = forms[j].querySelector("button[type=submit]");
      forms[j].removeAttribute("aria-busy");
      if (button && button.hasAttribute("data-idle-label")) {
        button.textContent = button.getAttribute("data-idle-label");
        button.disabled = false;
      }
    }
  });
})();
`

/** The script tag; `forgetPost` on pages that may answer a form post (see PAGE_SCRIPT). */
export function PageScript({ forgetPost = false, base }: { forgetPost?: boolean; base: string }) {
  return <script src={base + PAGE_SCRIPT_PATH} defer data-forget-post={forgetPost ? '' : undefined}></script>
}

/** Serves the script. */
export function pageScriptRoute(app: Hono<any, any, any>): void {
  app.get(PAGE_SCRIPT_PATH, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(PAGE_SCRIPT)
  })
}
