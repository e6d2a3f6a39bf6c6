import type { ProviderDescriptor } from "../types.js";
import {
  type ClassChartsConnection,
  ClassChartsParentConnection,
  ClassChartsStudentConnection,
} from "./config.js";

/** ClassCharts: UK schools' behaviour and homework platform, through its parent and pupil apps. */
export const classCharts: ProviderDescriptor<ClassChartsConnection> = {
  name: "classcharts",
  title: "ClassCharts",
  serves: "UK schools, through the parent and pupil apps",
  connectionSchemas: [ClassChartsParentConnection, ClassChartsStudentConnection],
  async create(id, config, deps) {
    const { ClassChartsConnector } = await import("./connector.js");
    return new ClassChartsConnector(id, config, deps);
  },
  async sandbox(options) {
    const { startClassChartsSandbox } = await import("../../sandbox/classcharts/index.js");
    return startClassChartsSandbox(options);
  },
};
