//! Geo points as the service writes them ("lat,lon" in degrees) and the shapes queries test
//! them against. Distances are great-circle distances on a sphere of the Earth's mean radius.

/// A point on the Earth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Latitude, -90..=90.
    pub lat: f64,
    /// Longitude, -180..=180.
    pub lon: f64,
}

/// Mean radius of the Earth in meters (the value the service's search engine uses).
const EARTH_RADIUS_M: f64 = 6_371_008.771_4;

impl Point {
    /// `"lat,lon"`, or `None` when it is not a point on the Earth.
    pub fn parse(text: &str) -> Option<Self> {
        let (lat, lon) = text.split_once(',')?;
        let lat: f64 = lat.trim().parse().ok()?;
        let lon: f64 = lon.trim().parse().ok()?;
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(Self { lat, lon })
    }

    /// Meters to `other` (haversine).
    pub fn distance(&self, other: &Point) -> f64 {
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = phi2 - phi1;
        let dlambda = (other.lon - self.lon).to_radians();
        let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }

    /// Whether the point lies in the box from `top_left` to `bottom_right` (a box whose left
    /// edge is east of its right edge crosses the antimeridian).
    pub fn in_box(&self, top_left: &Point, bottom_right: &Point) -> bool {
        let lat_ok = self.lat <= top_left.lat && self.lat >= bottom_right.lat;
        let lon_ok = if top_left.lon <= bottom_right.lon {
            self.lon >= top_left.lon && self.lon <= bottom_right.lon
        } else {
            self.lon >= top_left.lon || self.lon <= bottom_right.lon
        };
        lat_ok && lon_ok
    }

    /// Whether the point lies inside the polygon (even-odd rule on lat/lon as plane
    /// coordinates; points on an edge count as inside).
    pub fn in_polygon(&self, polygon: &[Point]) -> bool {
        let mut inside = false;
        let n = polygon.len();
        for i in 0..n {
            let (a, b) = (polygon[i], polygon[(i + n - 1) % n]);
            if on_segment(self, &a, &b) {
                return true;
            }
            if (a.lat > self.lat) != (b.lat > self.lat) {
                let lon_at = (b.lon - a.lon) * (self.lat - a.lat) / (b.lat - a.lat) + a.lon;
                if self.lon < lon_at {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

fn on_segment(p: &Point, a: &Point, b: &Point) -> bool {
    let cross = (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon);
    cross.abs() < 1e-12
        && p.lon >= a.lon.min(b.lon)
        && p.lon <= a.lon.max(b.lon)
        && p.lat >= a.lat.min(b.lat)
        && p.lat <= a.lat.max(b.lat)
}

/// The geohash alphabet.
const GEOHASH: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";

impl Point {
    /// The geohash of `precision` characters (1-12) of the cell holding the point, with the
    /// cell's top-left and bottom-right corners.
    pub fn geohash(&self, precision: usize) -> (String, Point, Point) {
        let (mut lat, mut lon) = ((-90.0_f64, 90.0_f64), (-180.0_f64, 180.0_f64));
        let mut hash = String::with_capacity(precision);
        let mut even = true;
        let (mut bits, mut ch) = (0, 0_usize);
        while hash.len() < precision {
            let (range, value) = if even {
                (&mut lon, self.lon)
            } else {
                (&mut lat, self.lat)
            };
            let mid = (range.0 + range.1) / 2.0;
            ch <<= 1;
            if value >= mid {
                ch |= 1;
                range.0 = mid;
            } else {
                range.1 = mid;
            }
            even = !even;
            bits += 1;
            if bits == 5 {
                hash.push(char::from(GEOHASH[ch]));
                (bits, ch) = (0, 0);
            }
        }
        let top_left = Point {
            lat: lat.1,
            lon: lon.0,
        };
        let bottom_right = Point {
            lat: lat.0,
            lon: lon.1,
        };
        (hash, top_left, bottom_right)
    }
}

/// Points packed as (lat, lon) little-endian f64 pairs, how the engine keeps them per document.
pub fn pack(points: &[Point]) -> Vec<u8> {
    points
        .iter()
        .flat_map(|p| p.lat.to_le_bytes().into_iter().chain(p.lon.to_le_bytes()))
        .collect()
}

/// The points of [`pack`].
pub fn unpack(bytes: &[u8]) -> impl Iterator<Item = Point> + '_ {
    bytes.chunks_exact(16).map(|c| {
        let (lat, lon) = c.split_at(8);
        Point {
            lat: f64::from_le_bytes(lat.try_into().unwrap_or_default()),
            lon: f64::from_le_bytes(lon.try_into().unwrap_or_default()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> Point {
        Point { lat, lon }
    }

    #[test]
    fn parses_points_and_refuses_others() {
        assert_eq!(Point::parse("30.1, 120.5"), Some(p(30.1, 120.5)));
        assert_eq!(Point::parse("91,0"), None);
        assert_eq!(Point::parse("0,181"), None);
        assert_eq!(Point::parse("hangzhou"), None);
    }

    #[test]
    fn distance_matches_known_figures() {
        // One degree of latitude is about 111.2 km.
        let d = p(0.0, 0.0).distance(&p(1.0, 0.0));
        assert!((d - 111_195.0).abs() < 10.0, "{d}");
        assert_eq!(p(30.0, 120.0).distance(&p(30.0, 120.0)), 0.0);
    }

    #[test]
    fn boxes_including_across_the_antimeridian() {
        assert!(p(10.0, 10.0).in_box(&p(20.0, 0.0), &p(0.0, 20.0)));
        assert!(!p(30.0, 10.0).in_box(&p(20.0, 0.0), &p(0.0, 20.0)));
        assert!(p(10.0, 179.5).in_box(&p(20.0, 170.0), &p(0.0, -170.0)));
        assert!(p(10.0, -179.5).in_box(&p(20.0, 170.0), &p(0.0, -170.0)));
        assert!(!p(10.0, 0.0).in_box(&p(20.0, 170.0), &p(0.0, -170.0)));
    }

    #[test]
    fn geohashes_and_their_cells() {
        // Go SDK `TestGroupByGroupByGeoGrid`: a point near Hangzhou at precision 3.
        let (hash, tl, br) = p(30.137817, 120.08681).geohash(3);
        assert_eq!(hash, "wtm");
        assert_eq!(
            (tl.lat, tl.lon, br.lat, br.lon),
            (30.9375, 119.53125, 29.53125, 120.9375)
        );
        assert_eq!(p(57.64911, 10.40744).geohash(11).0, "u4pruydqqvj");
    }

    #[test]
    fn polygons() {
        let square = [p(0.0, 0.0), p(0.0, 10.0), p(10.0, 10.0), p(10.0, 0.0)];
        assert!(p(5.0, 5.0).in_polygon(&square));
        assert!(p(0.0, 5.0).in_polygon(&square));
        assert!(!p(11.0, 5.0).in_polygon(&square));
        let points = [p(1.5, -2.0), p(-3.0, 4.25)];
        assert_eq!(unpack(&pack(&points)).collect::<Vec<_>>(), points);
    }
}
