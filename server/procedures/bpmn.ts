import type { TProcedureDefinition } from '../../contracts/procedures.js';
import { procedureDiagram } from '../../contracts/procedure-diagram.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlId = (s: string) => `_${s.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/**
 * BPMN 2.0 XML of a procedure: one process, a lane per department, tasks (user tasks;
 * sign-off steps as multi-instance parallel user tasks), end events and sequence flows.
 * Names are "中文 / English". No diagram interchange: tools lay it out on import.
 */
export function procedureBpmn(def: TProcedureDefinition, departmentName: (code: string) => string = (c) => c): string {
  const d = procedureDiagram(def);
  const name = (n: { zh: string; en: string }) => esc(`${n.zh} / ${n.en}`);
  const incoming = (id: string) =>
    d.edges
      .filter((e) => e.to === id)
      .map((e) => `<bpmn:incoming>${xmlId(`flow_${e.id}`)}</bpmn:incoming>`)
      .join('');
  const outgoing = (id: string) =>
    d.edges
      .filter((e) => e.from === id)
      .map((e) => `<bpmn:outgoing>${xmlId(`flow_${e.id}`)}</bpmn:outgoing>`)
      .join('');
  const processId = xmlId(`${def.id}_v${def.version}`);
  const lanes = d.lanes
    .map(
      (l) =>
        `      <bpmn:lane id="${xmlId(`lane_${l.id}`)}" name="${esc(departmentName(l.id))}">\n${d.nodes
          .filter((n) => n.lane === l.id)
          .map((n) => `        <bpmn:flowNodeRef>${xmlId(n.id)}</bpmn:flowNodeRef>`)
          .join('\n')}\n      </bpmn:lane>`,
    )
    .join('\n');
  const nodes = d.nodes
    .map((n) => {
      const io = `${incoming(n.id)}${outgoing(n.id)}`;
      if (n.kind === 'start') return `    <bpmn:startEvent id="${xmlId(n.id)}" name="${name(n.name)}">${io}</bpmn:startEvent>`;
      if (n.kind === 'end') return `    <bpmn:endEvent id="${xmlId(n.id)}" name="${name(n.name)}">${io}</bpmn:endEvent>`;
      if (n.kind === 'signoff') {
        return `    <bpmn:userTask id="${xmlId(n.id)}" name="${name(n.name)}">${io}<bpmn:multiInstanceLoopCharacteristics isSequential="false" /></bpmn:userTask>`;
      }
      return `    <bpmn:userTask id="${xmlId(n.id)}" name="${name(n.name)}">${io}</bpmn:userTask>`;
    })
    .join('\n');
  const flows = d.edges
    .map(
      (e) =>
        `    <bpmn:sequenceFlow id="${xmlId(`flow_${e.id}`)}" sourceRef="${xmlId(e.from)}" targetRef="${xmlId(e.to)}"${e.label ? ` name="${name(e.label)}"` : ''} />`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="${xmlId(`defs_${def.id}`)}" targetNamespace="https://accord.example/procedures/${esc(def.id)}" exporter="Accord" exporterVersion="0.1">
  <bpmn:collaboration id="${xmlId(`collab_${def.id}`)}">
    <bpmn:participant id="${xmlId(`participant_${def.id}`)}" name="${esc(`${def.documentNo} ${def.title.zh} / ${def.title.en} v${def.version}`)}" processRef="${processId}" />
  </bpmn:collaboration>
  <bpmn:process id="${processId}" name="${name(def.title)}" isExecutable="false">
    <bpmn:laneSet id="${xmlId(`lanes_${def.id}`)}">
${lanes}
    </bpmn:laneSet>
${nodes}
${flows}
  </bpmn:process>
</bpmn:definitions>
`;
}
