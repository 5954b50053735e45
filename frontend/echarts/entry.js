// Atlas's ECharts: only the charts static/insights/charts.js draws in the browser (the heatmap and
// the lineage tree, with the grid, tooltip and continuous visual map they use; bars and lines are
// drawn on the server as SVG, insights/svg.py). `make echarts` rebuilds
// static/vendor/echarts/echarts.atlas.min.js from this file.
import * as echarts from "echarts/core";
import { HeatmapChart, TreeChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapContinuousComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  HeatmapChart,
  TreeChart,
  GridComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

window.echarts = echarts;
