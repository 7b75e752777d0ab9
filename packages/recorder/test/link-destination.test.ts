import { describe, expect, it } from "vitest";
import { linkDestination } from "../src/link-destination";

const HOST_MAC = "02:00:00:00:00:01";

describe("the neighbour addresses frames as its kernel would", () => {
  it("to the host's MAC for a unicast address", () => {
    expect(linkDestination("10.0.0.1", ["10.0.0.1/24"], HOST_MAC)).toBe(HOST_MAC);
  });
  it("to the broadcast MAC for the subnet broadcast and the limited broadcast", () => {
    expect(linkDestination("10.0.0.255", ["10.0.0.1/24"], HOST_MAC)).toBe("ff:ff:ff:ff:ff:ff");
    expect(linkDestination("255.255.255.255", ["10.0.0.1/24"], HOST_MAC)).toBe("ff:ff:ff:ff:ff:ff");
    expect(linkDestination("10.0.0.255", ["10.0.0.1/31"], HOST_MAC)).toBe(HOST_MAC);
  });
  it("to the group's MAC for a multicast address (the low 23 bits)", () => {
    expect(linkDestination("239.129.2.3", ["10.0.0.1/24"], HOST_MAC)).toBe("01:00:5e:01:02:03");
  });
});
