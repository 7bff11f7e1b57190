import { describe, expect, it } from "vitest";

import { parseStripeForm } from "./form";

describe("parseStripeForm", () => {
  it("rebuilds nested objects and arrays", () => {
    const body = "mode=subscription&line_items[0][price]=price_team&line_items[0][quantity]=3&subscription_data[metadata][workspaceId]=w1";
    expect(parseStripeForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_team", quantity: "3" }],
      subscription_data: { metadata: { workspaceId: "w1" } },
    });
  });
});
