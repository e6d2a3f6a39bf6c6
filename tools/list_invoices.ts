import { z } from "zod";
import { Invoice, InvoiceStatus } from "../src/domain/billing.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, cursorArg, fanOutFields, limitArg, pageFields, studentIdArg } from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  status: InvoiceStatus.exclude(["unknown"]).optional(),
  studentId: studentIdArg.optional(),
  limit: limitArg,
  cursor: cursorArg,
});
const output = z.object({ invoices: z.array(Invoice), ...pageFields, ...fanOutFields });

export const listInvoices = defineTool({
  name: "list_invoices",
  title: "List invoices",
  description:
    "Invoices with status, amounts and balance; filter by status (pending, overdue, paid, ...) or child.",
  toolset: "billing",
  scope: "billing:read",
  uses: ["listInvoices"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { items, ...rest } = await pagedFanOut(context, args, (operations, query) =>
      operations.listInvoices(query),
    );
    return { invoices: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.invoices.length} invoice(s)`,
      out.invoices,
      (i) =>
        joinParts(
          `${i.number ?? i.id} (id ${i.id})`,
          i.status,
          `${i.currency ?? "(currency not given)"} ${i.total.toFixed(2)}`,
          i.balance !== undefined && `balance ${i.balance.toFixed(2)}`,
          i.dueDate && `due ${i.dueDate}`,
          i.studentName,
        ),
      out,
    ),
});
