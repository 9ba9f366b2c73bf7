/**
 * The README's edge cost tables ("Scaling"), as the cost-model test reads them and as it prints
 * what it measured: one module, so the published rows and the measured ones have one shape.
 *
 * Operations table columns: operation | Worker requests | DO requests: slot · subject · counters |
 * storage reads: kv get · kv list rows · getAlarm | storage writes: kv put · kv delete · setAlarm |
 * deleteAll | webhook events. Storage is summed over the slot, subject and counter objects; the
 * webhook outbox has its own per-event table.
 */
import type { ObjectTally, Tally } from './tally.ts'

export const OPERATIONS_MARKER = '<!-- edge-cost-model:operations -->'
export const PER_EVENT_MARKER = '<!-- edge-cost-model:per-event -->'

/** One row: the operation's name and its cells, each a list of numbers (`1 · 0 · 2`). */
export interface CostRow {
  readonly operation: string
  readonly cells: number[][]
  /** The row as Markdown, to paste into the README. */
  readonly line: string
}

const SLOT_OBJECTS = ['SlotObject', 'SubjectSlots', 'SlotCounters'] as const
const requestsTo = (t: ObjectTally | undefined) => (t ? Object.values(t.rpc).reduce((a, b) => a + b, 0) + t.alarms : 0)
const sum = (tally: Tally, field: keyof Omit<ObjectTally, 'rpc'>) => SLOT_OBJECTS.reduce((total, name) => total + (tally.objects[name]?.[field] ?? 0), 0)
const cellText = (cell: number[]) => cell.join(' · ')
const lineOf = (label: string, cells: number[][]) => `| ${label} | ${cells.map(cellText).join(' | ')} |`

export function operationCells(tally: Tally): number[][] {
  return [
    [tally.workerRequests],
    SLOT_OBJECTS.map((name) => requestsTo(tally.objects[name])),
    [sum(tally, 'kvGet'), sum(tally, 'kvListed'), sum(tally, 'getAlarm')],
    [sum(tally, 'kvPut'), sum(tally, 'kvDelete'), sum(tally, 'setAlarm')],
    [sum(tally, 'deleteAll')],
    [tally.objects.WebhookOutbox?.rpc.enqueue ?? 0],
  ]
}

/** The outbox's cost of one event: enqueue and delivery requests, SQL rows, kv and alarm calls. */
export function eventRow(outbox: ObjectTally): number[][] {
  return [
    [outbox.rpc.enqueue ?? 0, outbox.alarms],
    [outbox.sqlRowsRead, outbox.sqlRowsWritten],
    [outbox.kvGet, outbox.kvPut],
    [outbox.getAlarm, outbox.setAlarm],
  ]
}

export function costRows(measured: ReadonlyMap<string, Tally>): CostRow[] {
  return [...measured].map(([operation, tally]) => {
    const cells = operationCells(tally)
    return { operation, cells, line: lineOf(operation, cells) }
  })
}

/** The rows of the Markdown table right after `marker`, by their first cell. */
function tableAfter(markdown: string, marker: string): Map<string, number[][]> {
  const lines = markdown.split('\n')
  const start = lines.findIndex((line) => line.trim() === marker)
  if (start < 0) throw new Error(`README has no ${marker}`)
  const rows = new Map<string, number[][]>()
  // The header and the |---| line follow the marker; rows run to the first line that is not one.
  for (const line of lines.slice(start + 3)) {
    if (!line.startsWith('|')) break
    const [label, ...cells] = line.split('|').slice(1, -1).map((cell) => cell.trim())
    rows.set(label!, cells.map((cell) => cell.split('·').map((n) => Number(n.trim().replace(/,/g, '')))))
  }
  return rows
}

export function parseCostTables(readme: string): { operations: Map<string, number[][]>; perEvent: number[][] | undefined } {
  const perEvent = tableAfter(readme, PER_EVENT_MARKER)
  return { operations: tableAfter(readme, OPERATIONS_MARKER), perEvent: [...perEvent.values()][0] }
}
