// The offer to read the page in Chinese (base.html renders it hidden on English pages). Pages are
// cached for everyone, so the server cannot choose by Accept-Language: this shows the offer when
// the browser's first language is Chinese, until the reader closes it (remembered in
// localStorage). It runs as the page is read, right after the offer, so the offer is there
// before the page is first painted and nothing below it moves. Without JavaScript: no offer.
(function () {
  "use strict";
  var CLOSED = "torch-portal.language-offer-closed";
  var offer = document.getElementById("language-offer");
  var first = (navigator.languages && navigator.languages[0]) || navigator.language || "";
  if (!offer || first.toLowerCase().indexOf("zh") !== 0 || remembered()) return;
  // The offer is the same on every page; this page's Chinese address is the head's alternate.
  var chinese = document.querySelector('link[rel="alternate"][hreflang="zh-Hans"]');
  if (chinese) {
    var address = new URL(chinese.href);
    offer
      .querySelector("[data-language-offer-link]")
      .setAttribute("href", address.pathname + address.search + address.hash);
  }
  offer.hidden = false;
  offer.querySelector("[data-language-offer-close]").addEventListener("click", function () {
    offer.hidden = true;
    document.getElementById("content").focus(); // the focus had been on the button just hidden
    try {
      localStorage.setItem(CLOSED, "1");
    } catch (error) {
      // Storage refused (a private window): closed on this page only.
    }
  });

  function remembered() {
    try {
      return localStorage.getItem(CLOSED) === "1";
    } catch (error) {
      return false;
    }
  }
})();
