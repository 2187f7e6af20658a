import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/**
 * One ECharts instance bound to a div: SVG renderer (crisp when zoomed or printed), follows its
 * container's size (drawers and collapsing menus included) and is disposed on unmount.
 */
export function EChart({ option, height, ariaLabel }: { option: echarts.EChartsOption; height: number; ariaLabel?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} role="img" aria-label={ariaLabel} />;
}
