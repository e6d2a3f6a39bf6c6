import { z } from "zod";
import { Invoice } from "../src/domain/billing.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, idArg } from "./shared/args.js";
import { selectOne } from "./shared/fanout.js";
import { joinParts } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  invoiceId: idArg("Invoice id (from list_invoices)"),
});
const output = z.object({ invoice: Invoice });

export const getInvoice = defineTool({
  name: "get_invoice",
  title: "Get an invoice",
  description: "One invoice with its line items, amounts paid and balance.",
  toolset: "billing",
  scope: "billing:read",
  uses: ["getInvoice"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler({ connection, invoiceId }, context) {
    const { connector, operations } = selectOne(context, connection, "look up invoices");
    const invoice = await operations.getInvoice(invoiceId);
    return { invoice: { ...invoice, connection: connector.id } };
  },
  render: ({ invoice: i }) =>
    [
      joinParts(
        `Invoice ${i.number ?? i.id}`,
        i.status,
        `${i.currency ?? "(currency not given)"} ${i.total.toFixed(2)}`,
        i.balance !== undefined && `balance ${i.balance.toFixed(2)}`,
        i.dueDate && `due ${i.dueDate}`,
      ),
      ...(i.lineItems ?? []).map(
        (l) =>
          `- ${joinParts(l.description, l.quantity !== undefined && `×${l.quantity}`, l.amount.toFixed(2))}`,
      ),
    ].join("\n"),
});
