import { describe, expect, it } from "vitest";

import { calibrationWorkload, compareMachines, parseCpuinfo } from "./machine";

const ZEN5 = `processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nstepping\t: 1\ncpu MHz\t\t: 2596.120\n`;

describe("parseCpuinfo", () => {
  it("reads family, model number and clock, not the model name's line", () => {
    expect(parseCpuinfo(ZEN5)).toEqual({ cpuFamily: 26, cpuModelNumber: 2, cpuMhz: 2596.12 });
  });

  it("leaves what is missing null", () => {
    expect(parseCpuinfo("")).toEqual({ cpuFamily: null, cpuModelNumber: null, cpuMhz: null });
  });
});

describe("compareMachines", () => {
  const fast = { cpuModel: "AMD EPYC", cpuFamily: 26, cpuModelNumber: 2, cpuMhz: 2596, calibrationMs: 40 };

  it("says when the later run's machine was slower beyond the threshold", () => {
    expect(compareMachines(fast, { ...fast, cpuFamily: 23, calibrationMs: 80 })).toMatch(/a slower machine \(\+100% calibration time\)/);
    expect(compareMachines({ ...fast, calibrationMs: 80 }, fast)).toMatch(/a faster machine \(-50%/);
  });

  it("calls a difference within SPEED_DIFFERENCE the same speed, and one past it another machine", () => {
    expect(compareMachines(fast, { ...fast, calibrationMs: 46 })).toMatch(/the same speed of machine/);
    expect(compareMachines(fast, { ...fast, calibrationMs: 54 })).toMatch(/a slower machine \(\+35%/);
  });

  it("says so when the earlier result predates the calibration", () => {
    expect(compareMachines({ cpuModel: "AMD EPYC" }, fast)).toMatch(/earlier result has no calibration/);
  });
});

describe("calibrationWorkload", () => {
  it("computes the same result every time", () => {
    expect(calibrationWorkload()).toBe(calibrationWorkload());
  });
});
