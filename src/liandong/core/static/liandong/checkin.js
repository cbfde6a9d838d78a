/* The check-in page: phones whose browser has the BarcodeDetector API scan the QR code with the camera;
   everywhere else the code is typed (it is printed under the QR code). */
(function () {
  function wire() {
    if (!("BarcodeDetector" in window)) return;
    var button = document.getElementById("scan"), video = document.getElementById("camera");
    if (!button || !video) return;
    button.hidden = false;
    button.addEventListener("click", async function () {
      var detector = new BarcodeDetector({ formats: ["qr_code"] });
      var stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream; video.hidden = false; await video.play();
      var timer = setInterval(async function () {
        var codes = await detector.detect(video);
        if (!codes.length) return;
        clearInterval(timer); stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true;
        var raw = codes[0].rawValue, match = raw.match(/[?&]code=([A-Z0-9]+)/);
        document.getElementById("code").value = match ? match[1] : raw;
        htmx.trigger("#checkin-form", "submit");
      }, 300);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire); else wire();
})();
