import { z } from "zod";
import { Payment } from "../src/domain/billing.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, cursorArg, fanOutFields, idArg, limitArg, pageFields } from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  invoiceId: idArg("Only payments against this invoice").optional(),
  limit: limitArg,
  cursor: cursorArg,
});
const output = z.object({ payments: z.array(Payment), ...pageFields, ...fanOutFields });

export const listPayments = defineTool({
  name: "list_payments",
  title: "List payments",
  description:
    "Payment transactions received, newest first, with amount, method and the invoice they settle.",
  toolset: "billing",
  scope: "billing:read",
  uses: ["listPayments"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { items, ...rest } = await pagedFanOut(context, args, (operations, query) =>
      operations.listPayments(query),
    );
    return { payments: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.payments.length} payment(s)`,
      out.payments,
      (p) =>
        joinParts(
          p.date,
          `${p.currency ?? "(currency not given)"} ${p.amount.toFixed(2)}`,
          p.method,
          p.invoiceId && `invoice ${p.invoiceId}`,
          p.status,
        ),
      out,
    ),
});
