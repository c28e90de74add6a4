// A strict TypeScript consumer of the package: it must compile against the generated types.
import { sussex, type AdviceView, type AnswerInput, type SafeguardError, type StepView } from "sussex-safeguarding-assistant";

const assistant = await sussex();
let step: StepView = assistant.start("worried");
while (step.kind === "question") {
  const q = step.question;
  const answer: AnswerInput =
    q.kind === "choice" ? (q.notSure ? { kind: "notSure" } : { kind: "choice", option: q.options[0]?.id ?? "" })
    : q.kind === "multi" ? { kind: "multi", options: [] }
    : q.kind === "indicators" ? { kind: "indicators", yes: [], notSure: q.indicators.map((i) => i.id) }
    : { kind: "date", date: "2026-11-23" };
  step = assistant.answer(q.id, answer);
}
const advice: AdviceView = assistant.outcome();
const level: number | undefined = advice.level?.number;
const firstPhone: string | undefined = advice.contacts[0]?.now.phone;
try {
  assistant.back();
} catch (e) {
  const code: string = (e as SafeguardError).code;
  console.log(code);
}
console.log(level, firstPhone, assistant.searchProcedures("neglect", 3).map((p) => p.url));
