import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/**
 * One ECharts instance bound to a div: SVG renderer (crisp when zoomed or printed), follows its
 * container's size (drawers and collapsing menus included) and is disposed on unmount.
 * `onCategory` reports a click anywhere over a category of the x axis (not only on a bar or a
 * point), so a month can be picked even where its value is empty.
 */
export function EChart({ option, height, ariaLabel, onCategory }: {
  option: echarts.EChartsOption; height: number; ariaLabel?: string; onCategory?: (index: number) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onCategoryRef = useRef(onCategory);
  onCategoryRef.current = onCategory;

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(node);
    c.getZr().on('click', (e: { offsetX: number; offsetY: number }) => {
      const handler = onCategoryRef.current;
      if (!handler || !c.containPixel('grid', [e.offsetX, e.offsetY])) return;
      const at = c.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number | number[] | null;
      if (at == null) return;
      const index = Math.round(Array.isArray(at) ? at[0] : at);
      if (Number.isFinite(index) && index >= 0) handler(index);
    });
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return (
    <div
      ref={el} style={{ width: '100%', height, cursor: onCategory ? 'pointer' : undefined }} role="img" aria-label={ariaLabel}
    />
  );
}
