// Starts the assistant in #app and keeps an offline copy of it. `cargo xtask build` writes
// the content-hashed names of the module, its glue and the offline script in place of the
// %…% markers.
import init, { mount } from "./%GLUE%";
import { keepOfflineCopy } from "./%OFFLINE%";

await init({ module_or_path: new URL("./%WASM%", import.meta.url) });
mount(document.getElementById("app"), {});
keepOfflineCopy(new URL("./sw.js", import.meta.url));
