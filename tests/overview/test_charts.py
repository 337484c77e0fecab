"""The overview's chart geometry: scales, bars, target marks, protected placeholders, days,
mirroring right to left, long names."""

import pytest

from participation.overview.charts import (
    BAR,
    COLUMN_PLOT,
    COLUMN_TOP,
    PAD,
    PLACEHOLDER,
    PLOT,
    WIDTH,
    bar_chart,
    column_chart,
    nice_scale,
    wrap,
)


@pytest.mark.parametrize(("largest", "scale"), [
    (0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (40, 50), (58, 100),
    (100, 100), (101, 200), (100_000, 100_000), (100_001, 200_000)])
def test_the_scale_is_the_next_1_2_or_5(largest, scale):
    assert nice_scale(largest) == scale


def test_bars_grow_from_the_start_in_proportion_with_the_target_mark():
    chart = bar_chart([("Ortsmitte", 30, 40), ("Ortsrand", 0, None), ("Neubaugebiet", 50, 20)])
    assert chart.scale == 50 and chart.width == WIDTH
    centre, edge, new = chart.rows
    assert centre.bar_x == PAD and centre.bar_width == pytest.approx(PLOT * 30 / 50)
    assert centre.target_x == pytest.approx(PAD + PLOT * 40 / 50)
    assert centre.mark_top < centre.bar_y and centre.mark_bottom > centre.bar_y + BAR
    assert edge.bar_width == 0 and edge.target_x is None and not edge.hidden
    assert new.bar_width == pytest.approx(PLOT)  # past its target, to the end of the scale
    # rows stack downwards without overlapping, and the chart is tall enough for all
    assert centre.figures_y < edge.name_lines[0][1] < edge.bar_y < new.bar_y
    assert chart.height > new.figures_y
    assert (chart.start_x, chart.end_x) == (PAD, WIDTH - PAD)


def test_a_protected_count_is_a_placeholder_of_fixed_size_that_sets_no_scale():
    chart = bar_chart([("Ortsmitte", 12, None), ("Ortsrand", None, 30)])
    centre, edge = chart.rows
    assert chart.scale == 50  # from 12 and the target 30, not from the hidden count
    assert edge.hidden and edge.bar_width == PLACEHOLDER
    same = bar_chart([("Ortsmitte", 12, None), ("Ortsrand", None, 30000)]).rows[1]
    assert same.bar_width == PLACEHOLDER  # whatever the scale: it shows no size


def test_right_to_left_mirrors_bars_marks_and_text_ends():
    ltr = bar_chart([("Ortsmitte", 30, 40)])
    rtl = bar_chart([("Ortsmitte", 30, 40)], rtl=True)
    bar_ltr, bar_rtl = ltr.rows[0], rtl.rows[0]
    assert bar_rtl.bar_width == bar_ltr.bar_width
    assert bar_rtl.bar_x + bar_rtl.bar_width == pytest.approx(WIDTH - PAD)
    assert bar_rtl.target_x == pytest.approx(WIDTH - bar_ltr.target_x)
    assert (rtl.start_x, rtl.end_x) == (WIDTH - PAD, PAD)
    assert bar_rtl.bar_y == bar_ltr.bar_y and rtl.height == ltr.height


def test_long_names_wrap_into_lines_and_push_the_bar_down():
    assert wrap("Leinfelden mit Oberaichen und Unteraichen", 20) \
        == ["Leinfelden mit", "Oberaichen und", "Unteraichen"]
    assert wrap("Donaudampfschifffahrtsgesellschaft", 10) \
        == ["Donaudampf", "schifffahr", "tsgesellsc", "haft"]
    assert wrap("") == [""]
    short, long = bar_chart([("Aich", 1, None),
                             ("Leinfelden mit Oberaichen und Unteraichen und Echterdingen",
                              1, None)]).rows
    assert len(short.name_lines) == 1 and len(long.name_lines) == 2
    assert long.bar_y - long.name_lines[-1][1] == short.bar_y - short.name_lines[-1][1]


def test_no_quartiere_is_an_empty_chart_with_a_height():
    chart = bar_chart([])
    assert chart.rows == () and chart.scale == 1 and chart.height > 0


def test_columns_stand_on_the_baseline_in_proportion_oldest_first():
    chart = column_chart([2, 0, 7, None])
    assert chart.scale == 10
    assert chart.base_y == COLUMN_TOP + COLUMN_PLOT and chart.top_y == COLUMN_TOP
    first, empty, high, hidden = chart.columns
    assert first.height == pytest.approx(COLUMN_PLOT * 2 / 10)
    assert high.height == pytest.approx(COLUMN_PLOT * 7 / 10)
    for column in chart.columns:
        assert column.y + column.height == pytest.approx(chart.base_y)
    assert empty.height == 0 and not empty.hidden
    assert hidden.hidden and hidden.height == PLACEHOLDER
    xs = [column.x for column in chart.columns]
    assert xs == sorted(xs) and xs[0] >= PAD
    assert high.x + high.width < hidden.x  # a gap between neighbours
    assert hidden.x + hidden.width <= WIDTH - PAD
    assert chart.day_label_y > chart.base_y and chart.scale_label_y < chart.top_y


def test_many_days_still_fit_and_right_to_left_puts_the_first_day_at_the_right():
    chart = column_chart([1] * 365)
    assert all(c.x >= PAD and c.x + c.width <= WIDTH - PAD + 1e-9 for c in chart.columns)
    assert all(c.width > 0 for c in chart.columns)
    rtl = column_chart([3, 1], rtl=True)
    assert rtl.columns[0].x > rtl.columns[1].x
    assert rtl.columns[0].x + rtl.columns[0].width <= WIDTH - PAD
    assert (rtl.start_x, rtl.end_x) == (WIDTH - PAD, PAD)
    assert column_chart([]).columns == ()
