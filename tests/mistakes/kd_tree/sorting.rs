//! A correct kd_tree written another way: brute force by a full sort, a build that sorts
//! each node's rows and pushes the parent before its children, and searches with an
//! explicit stack instead of recursion.

use std::collections::BinaryHeap;

use mlings::types::kd_tree::{Candidate, KdTree, KdTreeError, KdTreeParams, Neighbour, Node, Query};
use ndarray::{ArrayView1, ArrayView2};

fn check_query(columns: usize, query: ArrayView1<f64>) -> Result<Vec<f64>, KdTreeError> {
    if query.len() != columns {
        return Err(KdTreeError::DimensionMismatch {
            points: columns,
            query: query.len(),
        });
    }
    for (column, v) in query.iter().enumerate() {
        if !v.is_finite() {
            return Err(KdTreeError::QueryNotFinite { column });
        }
    }
    Ok(query.to_vec())
}

fn dist2(p: ArrayView1<f64>, q: &[f64]) -> f64 {
    let mut total = 0.0;
    for (a, b) in p.iter().zip(q) {
        total += (a - b) * (a - b);
    }
    total
}

fn to_neighbours(found: Vec<(f64, usize)>) -> Vec<Neighbour> {
    found
        .into_iter()
        .map(|(d, index)| Neighbour {
            index,
            distance: d.sqrt(),
        })
        .collect()
}

pub fn brute_force(
    points: ArrayView2<f64>,
    query: ArrayView1<f64>,
    k: usize,
) -> Result<Query, KdTreeError> {
    if points.nrows() == 0 {
        return Err(KdTreeError::Empty);
    }
    let q = check_query(points.ncols(), query)?;
    if k == 0 {
        return Err(KdTreeError::ZeroK);
    }
    let mut all: Vec<(f64, usize)> = Vec::new();
    for (i, p) in points.rows().into_iter().enumerate() {
        all.push((dist2(p, &q), i));
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if all.len() > k {
        all.truncate(k);
    }
    Ok(Query {
        neighbours: to_neighbours(all),
        distance_evaluations: points.nrows(),
    })
}

pub fn offer(heap: &mut BinaryHeap<Candidate>, candidate: Candidate, k: usize) {
    if k == 0 {
        return;
    }
    if heap.len() < k {
        heap.push(candidate);
        return;
    }
    let top = *heap.peek().unwrap();
    if candidate.cmp(&top) == std::cmp::Ordering::Less {
        heap.pop();
        heap.push(candidate);
    }
}

fn widest(points: &ndarray::Array2<f64>, rows: &[usize]) -> (usize, f64) {
    let mut best_j = 0;
    let mut best = -1.0;
    for j in 0..points.ncols() {
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        for &r in rows {
            low = low.min(points[[r, j]]);
            high = high.max(points[[r, j]]);
        }
        let s = high - low;
        if s > best {
            best = s;
            best_j = j;
        }
    }
    (best_j, best)
}

fn grow(
    points: &ndarray::Array2<f64>,
    mut rows: Vec<usize>,
    leaf_size: usize,
    depth: usize,
    nodes: &mut Vec<Node>,
) -> usize {
    let me = nodes.len();
    nodes.push(Node::Leaf { rows: vec![] });
    let (dimension, width) = widest(points, &rows);
    if rows.len() <= leaf_size || width == 0.0 {
        nodes[me] = Node::Leaf { rows };
        return me;
    }
    rows.sort_by(|&a, &b| {
        points[[a, dimension]]
            .partial_cmp(&points[[b, dimension]])
            .unwrap()
            .then(a.cmp(&b))
    });
    let upper = rows.split_off(rows.len() / 2);
    let lower = rows;
    let value = points[[upper[0], dimension]];
    let left = grow(points, lower, leaf_size, depth + 1, nodes);
    let right = grow(points, upper, leaf_size, depth + 1, nodes);
    nodes[me] = Node::Split {
        dimension,
        value,
        left,
        right,
    };
    me
}

pub fn build(points: ArrayView2<f64>, params: &KdTreeParams) -> Result<KdTree, KdTreeError> {
    params.validate()?;
    if points.nrows() == 0 {
        return Err(KdTreeError::Empty);
    }
    if points.ncols() == 0 {
        return Err(KdTreeError::NoFeatures);
    }
    for row in 0..points.nrows() {
        for column in 0..points.ncols() {
            if !points[[row, column]].is_finite() {
                return Err(KdTreeError::NotFinite { row, column });
            }
        }
    }
    let points = points.to_owned();
    let mut nodes = Vec::new();
    let root = grow(
        &points,
        (0..points.nrows()).collect(),
        params.leaf_size,
        0,
        &mut nodes,
    );
    Ok(KdTree {
        points,
        nodes,
        root,
    })
}

/// The children of a split in search order, near first.
fn near_and_far(q: &[f64], dimension: usize, value: f64, left: usize, right: usize) -> (usize, usize, f64) {
    let diff = q[dimension] - value;
    if diff < 0.0 {
        (left, right, diff * diff)
    } else {
        (right, left, diff * diff)
    }
}

pub fn nearest(tree: &KdTree, query: ArrayView1<f64>, k: usize) -> Result<Query, KdTreeError> {
    let q = check_query(tree.points.ncols(), query)?;
    if k == 0 {
        return Err(KdTreeError::ZeroK);
    }
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    let mut evaluations = 0;
    // (node, the bound it must pass when popped; None: always searched).
    let mut stack: Vec<(usize, Option<f64>)> = vec![(tree.root, None)];
    while let Some((node, bound)) = stack.pop() {
        if let Some(b) = bound {
            if heap.len() == k && b > heap.peek().unwrap().squared_distance {
                continue;
            }
        }
        match &tree.nodes[node] {
            Node::Leaf { rows } => {
                for &index in rows {
                    evaluations += 1;
                    let squared_distance = dist2(tree.points.row(index), &q);
                    offer(
                        &mut heap,
                        Candidate {
                            squared_distance,
                            index,
                        },
                        k,
                    );
                }
            }
            Node::Split {
                dimension,
                value,
                left,
                right,
            } => {
                let (near, far, b) = near_and_far(&q, *dimension, *value, *left, *right);
                // The far side is popped after the whole near side is done.
                stack.push((far, Some(b)));
                stack.push((near, None));
            }
        }
    }
    let found = heap
        .into_sorted_vec()
        .into_iter()
        .map(|c| (c.squared_distance, c.index))
        .collect();
    Ok(Query {
        neighbours: to_neighbours(found),
        distance_evaluations: evaluations,
    })
}

pub fn within_radius(
    tree: &KdTree,
    query: ArrayView1<f64>,
    radius: f64,
) -> Result<Query, KdTreeError> {
    let q = check_query(tree.points.ncols(), query)?;
    if !(radius >= 0.0) {
        return Err(KdTreeError::InvalidRadius { radius });
    }
    let r2 = radius * radius;
    let mut found: Vec<(f64, usize)> = Vec::new();
    let mut evaluations = 0;
    let mut stack = vec![tree.root];
    while let Some(node) = stack.pop() {
        match &tree.nodes[node] {
            Node::Leaf { rows } => {
                for &index in rows {
                    evaluations += 1;
                    let d = dist2(tree.points.row(index), &q);
                    if d <= r2 {
                        found.push((d, index));
                    }
                }
            }
            Node::Split {
                dimension,
                value,
                left,
                right,
            } => {
                let (near, far, b) = near_and_far(&q, *dimension, *value, *left, *right);
                if b <= r2 {
                    stack.push(far);
                }
                stack.push(near);
            }
        }
    }
    found.sort_by(|a, b| {
        a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(&b.1))
    });
    Ok(Query {
        neighbours: to_neighbours(found),
        distance_evaluations: evaluations,
    })
}
