// Must NOT compile: proves the type check is real (an answer of the wrong shape).
import { sussex } from "sussex-safeguarding-assistant";

const assistant = await sussex();
assistant.answer("immediate-danger", { kind: "choice", choice: "no" });
